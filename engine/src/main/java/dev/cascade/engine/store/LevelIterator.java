package dev.cascade.engine.store;

import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.iterator.HeapEntry;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.version.FileMeta;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Files whose key ranges do not overlap, in key order, as one internal iterator, opening one file's iterator at a
 * time: a seek binary-searches the file whose range can hold the target. One sorted level (L1 and deeper) is such
 * a run; so is a set of L0 files that happen not to overlap ({@link #disjointRuns}), as a load in key order leaves
 * them. A merge over one run compares nothing within it, where a merge over its files would compare their heads at
 * every step.
 *
 * <p>Thread ownership: owned by its shard.
 */
final class LevelIterator implements InternalIterator {
  private final Version version;
  private final List<FileMeta> files;
  private final IoQueue queue;
  private int index = -1;
  private InternalIterator file;

  LevelIterator(Version version, int level, IoQueue queue) {
    this(version, version.state.files(level), queue);
  }

  /** An iterator over {@code files}: in key order, no two sharing a user key. */
  LevelIterator(Version version, List<FileMeta> files, IoQueue queue) {
    this.version = version;
    this.files = files;
    this.queue = queue;
  }

  /**
   * Splits {@code files} (L0: any order, ranges may overlap) into runs of files in key order whose ranges do not
   * overlap, first fit by smallest key: as few runs as there are files overlapping at one key, one when none
   * overlap. Which run a file lands in does not matter to a merge: it orders versions by key and sequence, never
   * by child.
   */
  static List<List<FileMeta>> disjointRuns(List<FileMeta> files) {
    List<FileMeta> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> KeyOrder.compare(a.smallestKey(), b.smallestKey()));
    List<List<FileMeta>> runs = new ArrayList<>();
    for (FileMeta f : sorted) {
      List<FileMeta> fit = null;
      for (List<FileMeta> run : runs) {
        if (KeyOrder.compare(run.getLast().largestKey(), f.smallestKey()) < 0) {
          fit = run;
          break;
        }
      }
      if (fit == null) {
        fit = new ArrayList<>();
        runs.add(fit);
      }
      fit.add(f);
    }
    return runs;
  }

  @Override
  public boolean valid() {
    return file != null && file.valid();
  }

  @Override
  public void seekToFirst() {
    open(0);
    if (file != null) {
      file.seekToFirst();
      skipEmptyForward();
    }
  }

  @Override
  public void seekToLast() {
    open(files.size() - 1);
    if (file != null) {
      file.seekToLast();
      skipEmptyBackward();
    }
  }

  @Override
  public void seek(MemorySegment key, long seq) {
    // First file whose largest key is >= key.
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (KeyOrder.compare(MemorySegment.ofArray(files.get(mid).largestKey()), key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    open(lo);
    if (file != null) {
      file.seek(key, seq);
      skipEmptyForward();
    }
  }

  @Override
  public void seekForPrev(MemorySegment key, long seq) {
    // Last file whose smallest key is <= key.
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (KeyOrder.compare(MemorySegment.ofArray(files.get(mid).smallestKey()), key) <= 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    open(lo - 1);
    if (file != null) {
      file.seekForPrev(key, seq);
      skipEmptyBackward();
    }
  }

  @Override
  public void next() {
    file.next();
    skipEmptyForward();
  }

  @Override
  public void prev() {
    file.prev();
    skipEmptyBackward();
  }

  private void skipEmptyForward() {
    while (file != null && !file.valid()) {
      if (index + 1 >= files.size()) {
        return;
      }
      open(index + 1);
      file.seekToFirst();
    }
  }

  private void skipEmptyBackward() {
    while (file != null && !file.valid()) {
      if (index - 1 < 0) {
        return;
      }
      open(index - 1);
      file.seekToLast();
    }
  }

  private void open(int i) {
    if (i == index && file != null) {
      return;
    }
    if (file != null) {
      file.close();
      file = null;
    }
    index = i;
    if (i >= 0 && i < files.size()) {
      file = version.table(files.get(i)).reader.iterator(queue);
    }
  }

  @Override
  public MemorySegment key() {
    return file.key();
  }

  @Override
  public long sequence() {
    return file.sequence();
  }

  @Override
  public EntryKind kind() {
    return file.kind();
  }

  @Override
  public MemorySegment value() {
    return file.value();
  }

  @Override
  public HeapEntry heapEntry() {
    return file == null ? null : file.heapEntry();
  }

  @Override
  public void close() {
    if (file != null) {
      file.close();
      file = null;
    }
  }
}
