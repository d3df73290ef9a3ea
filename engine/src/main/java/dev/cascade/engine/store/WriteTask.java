package dev.cascade.engine.store;

import dev.cascade.engine.Durability;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.commit.BatchPart;
import dev.cascade.engine.commit.LogRecord;
import dev.cascade.engine.commit.SequenceTracker;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.ValueTask;
import dev.cascade.engine.version.WriteStall;
import java.lang.foreign.MemorySegment;

/**
 * A write batch whose entries all live on one shard (see commit-protocol.md, "Single-shard batch"): take the
 * sequences, log one BATCH record, issue the WAL group's write (and sync for SYNC), apply the batch to the memtable
 * while it is written (invisible until published), wait for the write, publish. The value is the batch's last
 * sequence; the caller waits for it to become visible. Stalls when flushes or compactions fall behind: waits at
 * STOP, yields at SLOWDOWN.
 *
 * <p>Thread ownership: run by its shard.
 */
final class WriteTask extends ValueTask<Long> {
  private final ShardStore s;
  private final WriteBatch batch;
  private final Durability durability;
  private final SequenceTracker tracker;
  private int step;
  private long base;
  private long stallStart;
  private Promise<Void> pending;

  WriteTask(ShardStore s, WriteBatch batch, Durability durability, SequenceTracker tracker) {
    this.s = s;
    this.batch = batch;
    this.durability = durability;
    this.tracker = tracker;
  }

  @Override
  public Status run(Shard shard) {
    switch (step) {
      case 0 -> {
        s.checkWritable();
        WriteStall stall = s.stall();
        if (stall == WriteStall.STOP) {
          if (stallStart == 0) {
            stallStart = System.nanoTime();
            s.stats.stallStops++;
          }
          return s.stallPromise(shard).await(this);
        }
        if (stallStart != 0) {
          s.stats.stallNanos += System.nanoTime() - stallStart;
          stallStart = 0;
        }
        if (stall == WriteStall.SLOWDOWN) {
          s.stats.stallSlowdowns++;
          step = 1;
          return Status.YIELD;
        }
        return append(shard);
      }
      case 1 -> {
        return append(shard);
      }
      default -> {
        return publish();
      }
    }
  }

  /** Once the WAL group holding the batch is written (and synced): makes the batch visible. */
  private Status publish() {
    Promise<Void> p = pending;
    pending = null;
    if (p.isFailed()) {
      throw s.fail(p.failure());
    }
    tracker.publish(base, batch.count());
    return done(base + batch.count() - 1);
  }

  private Status append(Shard shard) {
    s.checkWritable();
    base = tracker.allocate(batch.count());
    BatchPart part = new BatchPart(batch.count());
    for (int i = 0; i < batch.count(); i++) {
      part.add(batch.kind(i), base + i, batch.key(i), batch.value(i));
    }
    if (durability == Durability.NONE) {
      s.apply(part, -1, true);
      tracker.publish(base, batch.count());
      s.maybeFreeze(shard);
      return done(base + batch.count() - 1);
    }
    try {
      s.wal.append(base, MemorySegment.ofArray(LogRecord.batch(base, part).encode()));
    } catch (RuntimeException e) {
      throw s.fail(e);
    }
    // The group's write is issued first, so the kernel writes it while the memtable takes the entries.
    pending = s.wal.commit(durability == Durability.SYNC);
    s.apply(part, -1, false);
    step = 2;
    s.maybeFreeze(shard);
    // A buffered group is usually written at once (a copy into the page cache): then publish now rather than
    // yield to every task queued behind this one, which the waiting caller would pay for.
    return pending.isDone() ? publish() : pending.await(this);
  }
}
