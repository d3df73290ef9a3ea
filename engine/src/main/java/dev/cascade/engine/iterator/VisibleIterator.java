package dev.cascade.engine.iterator;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.EntryFilter;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.Segments;
import dev.cascade.engine.key.TombstoneIndex;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

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
  /** {@link #upper}'s bytes, for compares against entries in heap arrays. */
  private final byte[] upperBytes;
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
    this.upperBytes = upper == null ? null : upper.clone();
    this.upper = upper == null ? null : MemorySegment.ofArray(upperBytes);
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
      copyKey();
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

  /** A copy of the current key (from the entry's heap array when it has one: no slice). */
  public byte[] keyCopy() {
    checkValid();
    HeapEntry e = forward ? it.heapEntry() : null;
    if (e != null) {
      int at = e.keyOffset();
      return Arrays.copyOfRange(e.array(), at, at + e.keyLength());
    }
    return Segments.toBytes(key());
  }

  /** A copy of the current value (from the entry's heap array when it has one: no slice). */
  public byte[] valueCopy() {
    checkValid();
    HeapEntry e = forward ? it.heapEntry() : null;
    if (e != null) {
      int at = e.valueOffset();
      return Arrays.copyOfRange(e.array(), at, at + e.valueLength());
    }
    return Segments.toBytes(value());
  }

  @Override
  public void close() {
    valid = false;
    it.close();
  }

  private void findNext() {
    while (it.valid()) {
      HeapEntry e = it.heapEntry();
      if (e != null) {
        // The entry is in a heap array (an SST block): compare, filter and copy it there, with no slices.
        byte[] array = e.array();
        int at = e.keyOffset();
        int length = e.keyLength();
        if (upperBytes != null
            && Arrays.compareUnsigned(array, at, at + length, upperBytes, 0, upperBytes.length) >= 0) {
          break;
        }
        long sequence = e.sequence();
        if (sequence > snapshot) {
          it.next();
          continue;
        }
        EntryKind kind = e.kind();
        if (kind == EntryKind.PUT && (tombstones.isEmpty() || !tombstones.deletes(it.key(), sequence))
            && (filter == null || filter.test(array, at, length, e.valueOffset(), e.valueLength()))) {
          valid = true;
          return;
        }
        if (kind == EntryKind.VALUE_POINTER) {
          throw valuePointer();
        }
        scratch.copy(array, at, length);
        skipKeyForward();
        continue;
      }
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
        throw valuePointer();
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

  private static CascadeException valuePointer() {
    return new CascadeException("found a value pointer, but this store has no value log (corrupt or newer data)");
  }

  /** Copies the internal iterator's key into {@link #scratch}. */
  private void copyKey() {
    HeapEntry e = it.heapEntry();
    if (e != null) {
      scratch.copy(e.array(), e.keyOffset(), e.keyLength());
    } else {
      scratch.copy(it.key());
    }
  }

  /** Steps past every older version of the key in {@link #scratch}. */
  private void skipKeyForward() {
    while (true) {
      it.next();
      if (!it.valid()) {
        return;
      }
      HeapEntry e = it.heapEntry();
      if (e != null ? !scratch.holds(e.array(), e.keyOffset(), e.keyLength()) : !scratch.holds(it.key())) {
        return;
      }
    }
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

    void copy(byte[] src, int offset, int n) {
      if (n > bytes.length) {
        bytes = new byte[Math.max(n, bytes.length * 2)];
        whole = MemorySegment.ofArray(bytes);
      }
      System.arraycopy(src, offset, bytes, 0, n);
      length = n;
      view = null;
    }

    /** Whether the {@code n} bytes of {@code array} at {@code offset} equal the copy. */
    boolean holds(byte[] array, int offset, int n) {
      // Neighbouring keys usually differ in their last byte: look there before comparing them whole.
      return n == length && (n == 0 || array[offset + n - 1] == bytes[n - 1])
          && Arrays.equals(array, offset, offset + n, bytes, 0, n);
    }

    /** Whether {@code key} equals the copy. */
    boolean holds(MemorySegment key) {
      if (key.byteSize() != length) {
        return false;
      }
      byte[] array = KeyOrder.heapArray(key);
      if (array != null) {
        int at = (int) key.address();
        return Arrays.equals(array, at, at + length, bytes, 0, length);
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
