package dev.cascade.engine.store;

import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.iterator.MergingIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.RangeTombstone;
import dev.cascade.engine.key.Segments;
import dev.cascade.engine.key.TombstoneIndex;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.Task;
import dev.cascade.engine.sstable.SstMeta;
import dev.cascade.engine.sstable.SstWriter;
import dev.cascade.engine.version.Compaction;
import dev.cascade.engine.version.FileMeta;
import dev.cascade.engine.version.ObsoleteFiles;
import dev.cascade.engine.version.VersionEdit;
import dev.cascade.engine.version.VersionFile;
import dev.cascade.engine.version.VersionState;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Leveled compaction on one shard, as a background task that yields inside a compaction whenever its quota is
 * used (at entry granularity, so a get never waits long behind it). Picks the most urgent compaction (manual
 * requests first), merges the input files through one merging iterator, and writes output files split at
 * {@code targetFileBytes} (never inside one key's versions). Data moves once: each input page is decompressed
 * into the iterator's block buffer and each entry is compressed straight into the output page.
 *
 * <p>What it drops, given the oldest snapshot any reader may hold: a version shadowed by a newer one that every
 * snapshot sees; an exact duplicate; a version hidden by a range tombstone every snapshot sees; a tombstone at
 * the bottom level that every snapshot sees. After installing the result it forgets range tombstones that no
 * file can still need.
 *
 * <p>Thread ownership: run by its shard.
 */
final class CompactionJob implements Task {
  private final ShardStore s;
  private Compaction c;
  private ShardStore.ManualCompaction manual;
  private Version inputVersion;
  private InternalIterator it;
  private long oldestSnapshot;
  private TombstoneIndex tombstones;
  private SstWriter out;
  private final List<SstMeta> outputs = new ArrayList<>();
  private byte[] lastKey;
  private long lastSeq;
  private long lastSeqForKey;
  /** Output bytes already charged to the shard's background I/O budget. */
  private long charged;
  private long written;

  /** Output is charged to the I/O budget in steps of this many bytes. */
  static final long BUDGET_STEP_BYTES = 256 << 10;

  CompactionJob(ShardStore s) {
    this.s = s;
  }

  @Override
  public Status run(Shard shard) {
    try {
      while (true) {
        if (s.closing || s.store.tracker().failure() != null) {
          abandon();
          s.compactionRunning = false;
          failManual(new dev.cascade.engine.CascadeException("compaction stopped: the store is closing or failed"));
          return Status.DONE;
        }
        if (c == null && !pick()) {
          s.compactionRunning = false;
          return Status.DONE;
        }
        if (it == null && !start()) {
          continue;
        }
        while (it.valid()) {
          dev.cascade.engine.runtime.Promise<?> device = out == null ? null : out.writeToWaitFor();
          if (device != null) {
            return device.await(this); // the shard serves other tasks while the device catches up
          }
          step();
          it.next();
          long out = outputBytes();
          if (out - charged >= BUDGET_STEP_BYTES) {
            // Bounded I/O: Options.compactionBytesPerSecond (unlimited by default grants at once).
            dev.cascade.engine.runtime.Promise<Void> granted = shard.ioBudget().acquire(out - charged);
            charged = out;
            if (!granted.isDone()) {
              return granted.await(this);
            }
          }
          if (shard.shouldYield()) {
            return Status.YIELD;
          }
        }
        finish(shard);
      }
    } catch (RuntimeException e) {
      abandon();
      s.compactionRunning = false;
      failManual(e);
      throw s.fail(e);
    }
  }

  /** Chooses the next compaction; false when there is nothing to do. */
  private boolean pick() {
    VersionState st = s.current.state;
    while (!s.manualCompactions.isEmpty()) {
      ShardStore.ManualCompaction m = s.manualCompactions.peekFirst();
      Compaction mc = null;
      for (int level = 0; level < st.levelCount() - 1 && mc == null; level++) {
        if (hasDataBelow(st, level)) {
          mc = s.picker.compactRange(st, level, m.lo(), m.hi());
        }
      }
      if (mc != null) {
        c = mc;
        manual = m;
        return true;
      }
      s.manualCompactions.removeFirst();
      m.done().complete(null);
    }
    c = s.picker.pick(st);
    return c != null;
  }

  /**
   * True when a manual compaction should push {@code level} down: it has files, and it is L0 (whose files
   * overlap) or a deeper level holds data. The last level with data stays where it is.
   */
  private static boolean hasDataBelow(VersionState st, int level) {
    if (st.files(level).isEmpty()) {
      return false;
    }
    if (level == 0) {
      return true;
    }
    for (int l = level + 1; l < st.levelCount(); l++) {
      if (!st.files(l).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Opens the inputs; a trivial move is done at once (returns false). */
  private boolean start() {
    if (c.isTrivialMove()) {
      FileMeta f = c.inputs().getFirst();
      VersionEdit e = new VersionEdit().deleteFile(c.level(), f.fileNumber()).addFile(c.outputLevel(), f);
      commit(e, Map.of());
      c = null;
      return false;
    }
    inputVersion = s.current;
    inputVersion.ref();
    List<InternalIterator> children = new ArrayList<>();
    for (FileMeta f : c.inputs()) {
      children.add(inputVersion.table(f).reader.iterator(s.queue));
      s.stats.compactionBytesRead += f.sizeBytes();
    }
    for (FileMeta f : c.nextLevelInputs()) {
      children.add(inputVersion.table(f).reader.iterator(s.queue));
      s.stats.compactionBytesRead += f.sizeBytes();
    }
    oldestSnapshot = s.store.snapshots().oldest(s.store.tracker()::watermark);
    tombstones = TombstoneIndex.of(oldestSnapshot, inputVersion.state.rangeTombstones());
    it = new MergingIterator(children);
    it.seekToFirst();
    lastKey = null;
    written = 0;
    charged = 0;
    return true;
  }

  /** Decides about the entry under the iterator and writes it if it stays. */
  private void step() {
    MemorySegment k = it.key();
    long seq = it.sequence();
    EntryKind kind = it.kind();
    boolean sameKey = lastKey != null && KeyOrder.compare(k, MemorySegment.ofArray(lastKey)) == 0;
    boolean drop;
    if (!sameKey) {
      lastKey = Segments.toBytes(k);
      lastSeqForKey = Long.MAX_VALUE;
      drop = false;
    } else {
      drop = seq == lastSeq || lastSeqForKey <= oldestSnapshot;
    }
    if (!drop && seq <= oldestSnapshot) {
      if (kind == EntryKind.DELETE && c.isBottommost()) {
        drop = true;
      } else if (!tombstones.isEmpty() && tombstones.coveringSeq(k) > seq) {
        drop = true;
      }
    }
    lastSeq = seq;
    lastSeqForKey = seq;
    if (drop) {
      return;
    }
    if (out == null || (!sameKey && out.estimatedSizeBytes() >= s.store.options().targetFileBytes())) {
      closeOutput();
      long n = s.nextFileNumber++;
      out = new SstWriter(s.engine, s.queue, s.dir.resolve(ObsoleteFiles.sstName(n)), n, s.store.sstOptions());
    }
    out.add(k, seq, kind, it.value());
  }

  private long outputBytes() {
    return written + (out == null ? 0 : out.estimatedSizeBytes());
  }

  private void closeOutput() {
    if (out != null) {
      if (out.entryCount() > 0) {
        SstMeta m = out.finish();
        outputs.add(m);
        written += m.sizeBytes();
        s.stats.compactionBytesWritten += m.sizeBytes();
      } else {
        out.abandon();
      }
      out = null;
    }
  }

  private void finish(Shard shard) {
    closeOutput();
    it.close();
    it = null;
    VersionEdit e = new VersionEdit();
    for (FileMeta f : c.inputs()) {
      e.deleteFile(c.level(), f.fileNumber());
    }
    for (FileMeta f : c.nextLevelInputs()) {
      e.deleteFile(c.outputLevel(), f.fileNumber());
    }
    Map<Long, Table> added = new HashMap<>();
    for (SstMeta m : outputs) {
      FileMeta f = FlushJob.fileMeta(m);
      e.addFile(c.outputLevel(), f);
      added.put(f.fileNumber(), s.openTable(f));
    }
    outputs.clear();
    commit(e, added);
    inputVersion.unref(s.engine);
    inputVersion = null;
    s.stats.compactions++;
    c = null;
    s.releaseStalledWrites();
    s.scheduleFlush(shard);
  }

  private void commit(VersionEdit e, Map<Long, Table> added) {
    VersionState cur = s.current.state;
    e.nextFileNumber(s.nextFileNumber);
    VersionState next = cur.apply(e);
    for (RangeTombstone t : deadTombstones(next)) {
      e.removeTombstone(t);
    }
    next = cur.apply(e);
    VersionFile.save(s.versionIo, s.dir, next);
    s.install(next, added);
  }

  /** Tombstones every snapshot sees that no file still needs: no file in their range holds older entries. */
  private List<RangeTombstone> deadTombstones(VersionState st) {
    List<RangeTombstone> dead = new ArrayList<>();
    long oldest = s.store.snapshots().oldest(s.store.tracker()::watermark);
    for (RangeTombstone t : st.rangeTombstones()) {
      if (t.seq() > oldest) {
        continue;
      }
      boolean needed = false;
      for (int l = 0; l < st.levelCount() && !needed; l++) {
        for (FileMeta f : st.files(l)) {
          if (f.smallestSeq() < t.seq() && KeyOrder.compare(f.smallestKey(), t.end()) < 0
              && KeyOrder.compare(t.start(), f.largestKey()) <= 0) {
            needed = true;
            break;
          }
        }
      }
      if (!needed) {
        dead.add(t);
      }
    }
    return dead;
  }

  /** Drops the compaction in progress: output files deleted, inputs released, nothing installed. */
  void abandon() {
    if (it != null) {
      it.close();
      it = null;
    }
    if (out != null) {
      out.abandon();
      out = null;
    }
    for (SstMeta m : outputs) {
      s.engine.delete(s.dir.resolve(ObsoleteFiles.sstName(m.fileNumber())));
    }
    outputs.clear();
    if (inputVersion != null) {
      inputVersion.unref(s.engine);
      inputVersion = null;
    }
  }

  private void failManual(RuntimeException e) {
    if (manual != null) {
      s.manualCompactions.remove(manual);
      manual.done().fail(e);
      manual = null;
    }
  }
}
