package dev.cascade.engine.key;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The one key order of the engine: user keys compare as unsigned bytes, lexicographically, a prefix before its
 * extensions (as {@code memcmp} then length); entries of one user key order by sequence descending, then kind
 * code descending ("newest first"). Internal order is what memtables, SSTs and iterators are sorted by.
 *
 * <p>Stateless.
 */
public final class KeyOrder {
  private KeyOrder() {}

  /** Compares two user keys as unsigned bytes. */
  public static int compare(MemorySegment a, MemorySegment b) {
    byte[] x = heapArray(a);
    byte[] y = x == null ? null : heapArray(b);
    if (y != null) {
      // Both on the heap (SST blocks, copies, bounds): the array compare has no per-access segment checks.
      int ax = (int) a.address();
      int bx = (int) b.address();
      return java.util.Arrays.compareUnsigned(x, ax, ax + (int) a.byteSize(), y, bx, bx + (int) b.byteSize());
    }
    long i = a.mismatch(b);
    if (i < 0) {
      return 0;
    }
    if (i == a.byteSize()) {
      return -1;
    }
    if (i == b.byteSize()) {
      return 1;
    }
    return Integer.compare(
        Byte.toUnsignedInt(a.get(ValueLayout.JAVA_BYTE, i)), Byte.toUnsignedInt(b.get(ValueLayout.JAVA_BYTE, i)));
  }

  /**
   * The byte array behind a heap segment (its data starts at the segment's {@code address()} in it), or null for
   * a native one. Hot paths compare and copy through the array: segment accessors check scope and bounds on every
   * call.
   */
  public static byte[] heapArray(MemorySegment s) {
    return !s.isNative() && s.heapBase().orElse(null) instanceof byte[] array ? array : null;
  }

  /** Compares two user keys held in arrays as unsigned bytes. */
  public static int compare(byte[] a, byte[] b) {
    return java.util.Arrays.compareUnsigned(a, b);
  }

  /**
   * Compares entries in internal order: user key ascending, then sequence descending, then kind code
   * descending.
   */
  public static int compareInternal(MemorySegment keyA, long seqA, int kindA, MemorySegment keyB, long seqB,
      int kindB) {
    int c = compare(keyA, keyB);
    if (c != 0) {
      return c;
    }
    return compareInternal(seqA, kindA, seqB, kindB);
  }

  /** Compares entries of one user key in internal order: sequence descending, then kind code descending. */
  public static int compareInternal(long seqA, int kindA, long seqB, int kindB) {
    if (seqA != seqB) {
      return seqA > seqB ? -1 : 1;
    }
    return Integer.compare(kindB, kindA);
  }

  /** Packs a sequence and kind into the 8-byte trailer stored after a key: {@code seq << 8 | kind}. */
  public static long trailer(long seq, EntryKind kind) {
    return seq << 8 | kind.code();
  }

  public static long trailerSequence(long trailer) {
    return trailer >>> 8;
  }

  public static int trailerKindCode(long trailer) {
    return (int) (trailer & 0xff);
  }
}
