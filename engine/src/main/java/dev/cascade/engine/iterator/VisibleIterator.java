package dev.cascade.engine.iterator;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.EntryFilter;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.TombstoneIndex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The live keys of one shard at one snapshot: on top of an {@link InternalIterator} over every version, it keeps
 * the newest version of each key with a sequence at or below the snapshot, drops it when that version is a
 * tombstone or is hidden by a range tombstone, keeps keys within {@code [lower, upper)}, and evaluates the
 * {@link EntryFilter} on the entry in place before anything is copied.
 *
 * <p>Positioning: going forward the internal iterator sits on the entry returned; going backward it sits before
 * the returned key's entries and the key and value are kept in copies. Same contract as
 * {@link dev.cascade.engine.DbIterator} otherwise. Owns the internal iterator.
 *
 * <p>Thread ownership: owned by one shard.
 */
public final class VisibleIterator implements AutoCloseable {
  private final InternalIterator it;
  private final long snapshot;
  private final TombstoneIndex tombstones;
  private final MemorySegment lower;
  private final MemorySegment upper;
  private final EntryFilter filter;

  private boolean valid;
  private boolean forward = true;
  /** Scratch copy of the key being skipped or walked backward. */
  private final Buffer scratch = new Buffer();
  /** Backward mode: the returned key and value. */
  private final Buffer savedKey = new Buffer();
  private final Buffer savedValue = new Buffer();

  public VisibleIterator(InternalIterator it, long snapshot, TombstoneIndex tombstones, byte[] lower, byte[] upper,
      EntryFilter filter) {
    this.it = it;
    this.snapshot = snapshot;
    this.tombstones = tombstones;
    this.lower = lower == null ? null : MemorySegment.ofArray(lower.clone());
    this.upper = upper == null ? null : MemorySegment.ofArray(upper.clone());
    this.filter = filter;
  }

  public boolean valid() {
    return valid;
  }

  public void seekToFirst() {
    forward = true;
    if (lower != null) {
      it.seek(lower, Limits.SEQUENCE_MAX);
    } else {
      it.seekToFirst();
    }
    findNext();
  }

  public void seek(MemorySegment target) {
    forward = true;
    it.seek(lower != null && KeyOrder.compare(target, lower) < 0 ? lower : target, Limits.SEQUENCE_MAX);
    findNext();
  }

  public void seekToLast() {
    forward = false;
    if (upper != null) {
      it.seekForPrev(upper, Limits.SEQUENCE_MAX);
    } else {
      it.seekToLast();
    }
    findPrev();
  }

  public void seekForPrev(MemorySegment target) {
    forward = false;
    if (upper != null && KeyOrder.compare(target, upper) >= 0) {
      it.seekForPrev(upper, Limits.SEQUENCE_MAX);
    } else {
      it.seekForPrev(target, 0);
    }
    findPrev();
  }

  public void next() {
    checkValid();
    if (forward) {
      scratch.copy(it.key());
      skipKeyForward();
    } else {
      it.seek(savedKey.segment(), 0);
      forward = true;
    }
    findNext();
  }

  public void prev() {
    checkValid();
    if (forward) {
      it.seekForPrev(it.key(), Limits.SEQUENCE_MAX);
      forward = false;
    }
    findPrev();
  }

  public MemorySegment key() {
    checkValid();
    return forward ? it.key() : savedKey.segment();
  }

  public MemorySegment value() {
    checkValid();
    return forward ? it.value() : savedValue.segment();
  }

  @Override
  public void close() {
    valid = false;
    it.close();
  }

  private void findNext() {
    while (it.valid()) {
      MemorySegment k = it.key();
      if (upper != null && KeyOrder.compare(k, upper) >= 0) {
        break;
      }
      if (it.sequence() > snapshot) {
        it.next();
        continue;
      }
      EntryKind kind = it.kind();
      if (kind == EntryKind.VALUE_POINTER) {
        throw new CascadeException("found a value pointer, but this store has no value log (corrupt or newer data)");
      }
      if (kind == EntryKind.PUT && !tombstones.deletes(k, it.sequence())
          && (filter == null || filter.test(k, it.value()))) {
        valid = true;
        return;
      }
      scratch.copy(k);
      skipKeyForward();
    }
    valid = false;
  }

  /** Steps past every older version of the key in {@link #scratch}. */
  private void skipKeyForward() {
    do {
      it.next();
    } while (it.valid() && scratch.holds(it.key()));
  }

  private void findPrev() {
    while (it.valid()) {
      if (lower != null && KeyOrder.compare(it.key(), lower) < 0) {
        break;
      }
      scratch.copy(it.key());
      MemorySegment k = scratch.segment();
      EntryKind best = null;
      long bestSeq = 0;
      // Older versions come first going backward; the last visible one seen is the newest.
      while (it.valid() && KeyOrder.compare(it.key(), k) == 0) {
        if (it.sequence() <= snapshot) {
          best = it.kind();
          bestSeq = it.sequence();
          if (best == EntryKind.PUT) {
            savedValue.copy(it.value());
          }
        }
        it.prev();
      }
      if (best == EntryKind.VALUE_POINTER) {
        throw new CascadeException("found a value pointer, but this store has no value log (corrupt or newer data)");
      }
      if (best == EntryKind.PUT && !tombstones.deletes(k, bestSeq)
          && (filter == null || filter.test(k, savedValue.segment()))) {
        savedKey.copy(k);
        valid = true;
        return;
      }
    }
    valid = false;
  }

  private void checkValid() {
    if (!valid) {
      throw new IllegalStateException("iterator is not positioned on an entry");
    }
  }

  /**
   * A growable heap copy of a key or value.
   *
   * <p>Thread ownership: owned by its iterator.
   */
  private static final class Buffer {
    private byte[] bytes = new byte[64];
    /** All of {@link #bytes}, for comparisons without a slice per copy. */
    private MemorySegment whole = MemorySegment.ofArray(bytes);
    private int length;
    /** The view {@link #segment()} returns, made once per copy. */
    private MemorySegment view;

    void copy(MemorySegment src) {
      long n = src.byteSize();
      if (n > bytes.length) {
        bytes = new byte[(int) Math.max(n, bytes.length * 2L)];
        whole = MemorySegment.ofArray(bytes);
      }
      byte[] array = KeyOrder.heapArray(src);
      if (array != null) {
        System.arraycopy(array, (int) src.address(), bytes, 0, (int) n);
      } else {
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, bytes, 0, (int) n);
      }
      length = (int) n;
      view = null;
    }

    /** Whether {@code key} equals the copy. */
    boolean holds(MemorySegment key) {
      if (key.byteSize() != length) {
        return false;
      }
      byte[] array = KeyOrder.heapArray(key);
      if (array != null) {
        int at = (int) key.address();
        return java.util.Arrays.equals(array, at, at + length, bytes, 0, length);
      }
      return MemorySegment.mismatch(key, 0, length, whole, 0, length) < 0;
    }

    MemorySegment segment() {
      MemorySegment v = view;
      if (v == null) {
        v = MemorySegment.ofArray(bytes).asSlice(0, length);
        view = v;
      }
      return v;
    }
  }
}
