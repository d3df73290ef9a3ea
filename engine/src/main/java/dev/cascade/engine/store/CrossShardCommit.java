package dev.cascade.engine.store;

import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.commit.BatchPart;
import dev.cascade.engine.commit.LogRecord;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.ValueTask;
import java.lang.foreign.MemorySegment;

/**
 * A write batch that spans shards, run by its coordinator (the participant with the lowest index) as in
 * commit-protocol.md: take the sequences, have every other participant prepare its part (logged, synced,
 * applied invisibly), then log and sync the COMMIT record with the coordinator's own part, pin it in the
 * ledger, publish. Running the whole protocol on a shard means a caller that gives up cannot leave a batch half
 * done. The value is the batch's last sequence.
 *
 * <p>Thread ownership: run by the coordinator's shard.
 */
final class CrossShardCommit extends ValueTask<Long> {
  private final Store store;
  private final WriteBatch batch;
  /** Shard of each operation, or -1 for a range delete, which goes to every shard. */
  private final int[] shardOfOp;
  private final int[] participants;
  private int step;
  private long base;
  private long commitPosition;
  private Promise<Void> pending;

  CrossShardCommit(Store store, WriteBatch batch, int[] shardOfOp, int[] participants) {
    this.store = store;
    this.batch = batch;
    this.shardOfOp = shardOfOp;
    this.participants = participants;
  }

  @Override
  public Status run(Shard shard) {
    ShardStore c = store.shardStore(shard.index());
    switch (step) {
      case 0 -> {
        c.checkWritable();
        base = store.tracker().allocate(batch.count());
        @SuppressWarnings("unchecked")
        Promise<Void>[] prepares = new Promise[participants.length - 1];
        for (int j = 1; j < participants.length; j++) {
          int p = participants[j];
          prepares[j - 1] = shard.call(p, new Prepare(store.shardStore(p), base, shard.index(), partFor(p)));
        }
        pending = Promise.all(shard, prepares);
        step = 1;
        return pending.await(this);
      }
      case 1 -> {
        if (pending.isFailed()) {
          throw c.fail(pending.failure());
        }
        BatchPart own = partFor(shard.index());
        int[] others = java.util.Arrays.copyOfRange(participants, 1, participants.length);
        try {
          commitPosition = c.wal.append(base,
              MemorySegment.ofArray(LogRecord.commit(base, batch.count(), others, own).encode()));
        } catch (RuntimeException e) {
          throw c.fail(e);
        }
        c.apply(own, -1, false);
        pending = c.wal.commit(true);
        step = 2;
        c.maybeFreeze(shard);
        return pending.await(this);
      }
      default -> {
        if (pending.isFailed()) {
          throw c.fail(pending.failure());
        }
        store.ledger().pin(base, shard.index(), commitPosition,
            java.util.Arrays.copyOfRange(participants, 1, participants.length));
        store.tracker().publish(base, batch.count());
        return done(base + batch.count() - 1);
      }
    }
  }

  private BatchPart partFor(int shardIndex) {
    BatchPart part = new BatchPart(8);
    for (int i = 0; i < batch.count(); i++) {
      if (shardOfOp[i] == shardIndex || (shardOfOp[i] < 0 && batch.kind(i) == EntryKind.RANGE_DELETE)) {
        part.add(batch.kind(i), base + i, batch.key(i), batch.value(i));
      }
    }
    return part;
  }

  /**
   * A participant's prepare: log the PREPARE record, apply the part (invisible until published), wait for the
   * record to be written and synced.
   *
   * <p>Thread ownership: run by the participant's shard.
   */
  static final class Prepare extends ValueTask<Void> {
    private final ShardStore s;
    private final long txn;
    private final int coordinator;
    private final BatchPart part;
    private Promise<Void> pending;

    Prepare(ShardStore s, long txn, int coordinator, BatchPart part) {
      this.s = s;
      this.txn = txn;
      this.coordinator = coordinator;
      this.part = part;
    }

    @Override
    public Status run(Shard shard) {
      if (pending == null) {
        s.checkWritable();
        try {
          s.wal.append(txn, MemorySegment.ofArray(LogRecord.prepare(txn, coordinator, part).encode()));
        } catch (RuntimeException e) {
          throw s.fail(e);
        }
        s.apply(part, txn, false);
        pending = s.wal.commit(true);
        s.maybeFreeze(shard);
        return pending.await(this);
      }
      if (pending.isFailed()) {
        throw s.fail(pending.failure());
      }
      return done(null);
    }
  }
}
