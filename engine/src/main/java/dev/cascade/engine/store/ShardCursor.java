package dev.cascade.engine.store;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.iterator.MergingIterator;
import dev.cascade.engine.iterator.VisibleIterator;
import dev.cascade.engine.key.Segments;
import dev.cascade.engine.key.TombstoneIndex;
import dev.cascade.engine.version.FileMeta;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One shard's side of an open iterator: a read view pinned at the iterator's snapshot, the merged internal
 * iterator over its memtables and files, and the visible-entry layer with bounds and filter. Each hand-off
 * positions or advances it and copies out one batch of entries.
 *
 * <p>Thread ownership: owned by its shard; registered in {@link ShardStore#cursors} until closed.
 */
final class ShardCursor {
  final long id;
  final long deadlineNanos;
  private final ShardStore s;
  private final ReadView view;
  private final VisibleIterator it;
  private boolean closed;

  ShardCursor(ShardStore s, long id, long snapshot, ReadOptions ro, long deadlineNanos) {
    this.s = s;
    this.id = id;
    this.deadlineNanos = deadlineNanos;
    this.view = s.acquireView();
    List<InternalIterator> children = new ArrayList<>();
    try {
      for (MemtableSlot m : view.memtables) {
        children.add(m.table.iterator());
      }
      // Every SST child is a LevelIterator, even over one L0 file: the merge's calls into its children then see two
      // classes (this and the memtable's iterator), which the JIT inlines, where a third would make every call
      // on the scan's path a virtual one.
      for (List<FileMeta> run : LevelIterator.disjointRuns(view.version.state.files(0))) {
        children.add(new LevelIterator(view.version, run, s.queue));
      }
      for (int level = 1; level < view.version.state.levelCount(); level++) {
        if (!view.version.state.files(level).isEmpty()) {
          children.add(new LevelIterator(view.version, level, s.queue));
        }
      }
    } catch (RuntimeException e) {
      for (InternalIterator c : children) {
        c.close();
      }
      s.releaseView(view);
      throw e;
    }
    TombstoneIndex tomb = TombstoneIndex.of(snapshot, view.tombstones);
    this.it = new VisibleIterator(new MergingIterator(children), snapshot, tomb, ro.lowerBound(), ro.upperBound(),
        ro.filter());
  }

  /** Positions: {@code key} null means first (forward) or last (backward). Then fills a batch. */
  EntryBatch seek(byte[] key, boolean forward, boolean inclusive, int max) {
    checkOpen();
    if (forward) {
      if (key == null) {
        it.seekToFirst();
      } else {
        it.seek(MemorySegment.ofArray(key));
        if (!inclusive && it.valid() && Segments.equals(it.key(), key)) {
          it.next();
        }
      }
    } else {
      if (key == null) {
        it.seekToLast();
      } else {
        it.seekForPrev(MemorySegment.ofArray(key));
        if (!inclusive && it.valid() && Segments.equals(it.key(), key)) {
          it.prev();
        }
      }
    }
    return fill(forward, max, false);
  }

  /** Copies up to {@code max} entries, starting at the current one ({@code advanceFirst}: after it). */
  EntryBatch fill(boolean forward, int max, boolean advanceFirst) {
    checkOpen();
    if (advanceFirst && it.valid()) {
      step(forward);
    }
    byte[][] keys = new byte[max][];
    byte[][] values = new byte[max][];
    int n = 0;
    while (n < max && it.valid()) {
      keys[n] = it.keyCopy();
      values[n] = it.valueCopy();
      n++;
      step(forward);
    }
    // The iterator now sits on the first entry not yet returned (or is invalid).
    return new EntryBatch(keys, values, n, !it.valid());
  }

  private void step(boolean forward) {
    if (forward) {
      it.next();
    } else {
      it.prev();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new CascadeException("iterator was closed (its time limit passed, or the store is closing)");
    }
  }

  void close() {
    if (!closed) {
      closed = true;
      try {
        it.close();
      } finally {
        s.releaseView(view);
      }
    }
  }
}
