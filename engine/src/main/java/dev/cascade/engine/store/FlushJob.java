package dev.cascade.engine.store;

import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.RangeTombstone;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.Task;
import dev.cascade.engine.sstable.SstMeta;
import dev.cascade.engine.sstable.SstWriter;
import dev.cascade.engine.version.FileMeta;
import dev.cascade.engine.version.ObsoleteFiles;
import dev.cascade.engine.version.VersionEdit;
import dev.cascade.engine.version.VersionFile;
import dev.cascade.engine.version.VersionState;
import java.util.Map;

/**
 * Writes a shard's frozen memtables, oldest first, to L0 SSTs: a background task that yields between entries
 * when its quota is used. A memtable is written only once every sequence up to its ceiling is published
 * (the flush rule of commit-protocol.md), so an SST never holds part of a batch that a crash could still roll
 * back. Each flush replaces the version file (new L0 file, WAL replay point, range tombstones) atomically, then
 * retires the WAL before the new replay point and releases the memtable's cross-shard transactions in the
 * ledger.
 *
 * <p>Thread ownership: run by its shard.
 */
final class FlushJob implements Task {
  private final ShardStore s;
  private MemtableSlot slot;
  private InternalIterator it;
  private SstWriter writer;
  private long fileNumber;

  FlushJob(ShardStore s) {
    this.s = s;
  }

  @Override
  public Status run(Shard shard) {
    try {
      while (true) {
        RuntimeException failure = s.store.tracker().failure();
        if (s.closing || failure != null) {
          abandon();
          s.flushRunning = false;
          failWaiters(failure != null ? failure : new dev.cascade.engine.CascadeException("the store is closing"));
          return Status.DONE;
        }
        if (slot == null) {
          slot = s.frozen.peekFirst();
          if (slot == null) {
            s.flushRunning = false;
            s.scheduleCompaction(shard);
            return Status.DONE;
          }
        }
        if (!s.store.tracker().isVisible(slot.ceiling)) {
          return Status.YIELD;
        }
        if (it == null) {
          start();
        }
        while (it.valid()) {
          Promise<?> device = writer.writeToWaitFor();
          if (device != null) {
            return device.await(this); // the shard serves other tasks while the device catches up
          }
          writer.add(it.key(), it.sequence(), it.kind(), it.value());
          it.next();
          if (shard.shouldYield()) {
            return Status.YIELD;
          }
        }
        finishSlot(shard);
      }
    } catch (RuntimeException e) {
      abandon();
      s.flushRunning = false;
      RuntimeException failure = s.fail(e);
      failWaiters(failure);
      throw failure;
    }
  }

  /** Fails the flush requests waiting on frozen memtables that will not be flushed now. */
  private void failWaiters(RuntimeException cause) {
    for (MemtableSlot f : s.frozen) {
      if (f.flushed != null && !f.flushed.isDone()) {
        f.flushed.fail(cause);
      }
    }
  }

  private void start() {
    fileNumber = s.nextFileNumber++;
    writer = new SstWriter(s.engine, s.queue, s.dir.resolve(ObsoleteFiles.sstName(fileNumber)), fileNumber,
        s.store.sstOptions());
    writer.cacheOnWrite(s.cache);
    it = slot.table.iterator();
    it.seekToFirst();
  }

  private void finishSlot(Shard shard) {
    it.close();
    it = null;
    Table table = null;
    VersionEdit edit = new VersionEdit();
    if (writer.entryCount() > 0) {
      SstMeta m = writer.finish();
      FileMeta f = fileMeta(m);
      table = s.openTable(f);
      edit.addFile(0, f);
      s.stats.flushBytesWritten += m.sizeBytes();
    } else {
      writer.abandon();
    }
    writer = null;
    commit(shard, slot, edit, table);
    slot = null;
  }

  /** Replaces the version file and installs the new version for a flushed slot. */
  private static void commit(Shard shard, ShardStore s, MemtableSlot slot, VersionEdit edit, Table table) {
    for (RangeTombstone t : slot.table.rangeDeletes()) {
      // A tombstone replayed a second time (its COMMIT record was still pinned) is already in the version.
      if (!s.current.state.rangeTombstones().contains(t)) {
        edit.addTombstone(t);
      }
    }
    long replayFrom = s.walReplayFrom(slot);
    VersionState cur = s.current.state;
    edit.walReplayFrom(replayFrom).nextFileNumber(s.nextFileNumber)
        // The ceiling, not the largest sequence seen: every entry of this shard at or below it is now in SSTs,
        // which is what recovery relies on to skip records replayed a second time.
        .lastSequence(Math.max(cur.lastSequence(), slot.ceiling));
    VersionState next = cur.apply(edit);
    VersionFile.save(s.versionIo, s.dir, next);
    s.install(next, table == null ? Map.of() : Map.of(table.meta.fileNumber(), table));
    s.frozen.remove(slot);
    slot.table.release();
    s.wal.retire(replayFrom);
    s.store.ledger().flushed(s.index, slot.txns(), slot.txnCount());
    s.stats.flushes++;
    if (slot.flushed != null) {
      slot.flushed.complete(null);
    }
    s.releaseStalledWrites();
    if (shard != null) {
      s.scheduleCompaction(shard);
      askPinningShardsToFlush(shard, s);
    }
  }

  /**
   * When this shard's WAL has grown past its ring because COMMIT records are pinned by participants that have
   * not flushed their parts, asks those shards to flush (commit-protocol.md, Retention).
   */
  private static void askPinningShardsToFlush(Shard shard, ShardStore s) {
    if (s.wal.stats().segmentsInUse() <= s.store.options().walSegmentCount()) {
      return;
    }
    long[] mask = s.store.ledger().pinningShards(s.index, s.store.shardCount());
    for (int p = 0; p < s.store.shardCount(); p++) {
      if (p != s.index && (mask[p >>> 6] & 1L << (p & 63)) != 0) {
        shard.send(p, new FlushRequest(s.store.shardStore(p)));
      }
    }
  }

  private void commit(Shard shard, MemtableSlot slot, VersionEdit edit, Table table) {
    commit(shard, s, slot, edit, table);
  }

  static FileMeta fileMeta(SstMeta m) {
    return new FileMeta(m.fileNumber(), m.sizeBytes(), m.smallestKey(), m.largestKey(), m.smallestSeq(),
        m.largestSeq(), m.entryCount(), m.deleteCount());
  }

  /** The shard is closing: drops the SST being written (the WAL still holds its memtable). */
  void abandon() {
    if (it != null) {
      it.close();
      it = null;
    }
    if (writer != null) {
      writer.abandon();
      writer = null;
    }
  }

  /**
   * On close: freezes the mutable memtable and writes every frozen one whose sequences are all published,
   * without yielding (the shard is shutting down).
   */
  static void flushAllBlocking(ShardStore s) {
    if (!s.mutable.table.isEmpty() || !s.mutable.table.rangeDeletes().isEmpty()) {
      MemtableSlot f = s.mutable;
      f.ceiling = Math.max(f.table.largestSeq(), s.frozen.isEmpty() ? 0 : s.frozen.getLast().ceiling);
      s.frozen.addLast(f);
      s.mutable = new MemtableSlot(s.newMemtable(), s.wal.nextPosition());
    }
    while (!s.frozen.isEmpty()) {
      MemtableSlot slot = s.frozen.peekFirst();
      if (!s.store.tracker().isVisible(slot.ceiling)) {
        return;
      }
      long n = s.nextFileNumber++;
      SstWriter w = new SstWriter(s.engine, s.queue, s.dir.resolve(ObsoleteFiles.sstName(n)), n,
          s.store.sstOptions());
      w.cacheOnWrite(s.cache);
      VersionEdit edit = new VersionEdit();
      Table table = null;
      try (InternalIterator i = slot.table.iterator()) {
        for (i.seekToFirst(); i.valid(); i.next()) {
          w.add(i.key(), i.sequence(), i.kind(), i.value());
        }
      }
      if (w.entryCount() > 0) {
        SstMeta m = w.finish();
        table = s.openTable(fileMeta(m));
        edit.addFile(0, table.meta);
      } else {
        w.abandon();
      }
      commit(null, s, slot, edit, table);
    }
  }

  /** A promise completed when the memtable frozen as {@code slot} is in an SST. */
  static Promise<Void> whenFlushed(Shard shard, MemtableSlot slot) {
    if (slot.flushed == null) {
      slot.flushed = new Promise<>(shard);
    }
    return slot.flushed;
  }
}
