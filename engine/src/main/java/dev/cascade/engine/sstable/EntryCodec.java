package dev.cascade.engine.sstable;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The entry encoding shared by data, index and top index blocks:
 * {@code varint32 keyLength | varint32 valueLength | key | trailer u64 | value}, where the trailer is
 * {@code seq << 8 | kind} ({@link dev.cascade.engine.key.KeyOrder#trailer}); and the comparison of a stored entry
 * with a target in internal order (key ascending, trailer descending as an unsigned number).
 *
 * <p>Stateless.
 */
final class EntryCodec {
  private EntryCodec() {}

  /** Encoded size of an entry with a key and a value of these lengths. */
  static int entryBytes(int keyLength, int valueLength) {
    return varintBytes(keyLength) + varintBytes(valueLength) + keyLength + 8 + valueLength;
  }

  static int varintBytes(int v) {
    int n = 1;
    while ((v & ~0x7f) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Writes a varint32 at {@code at}; returns the position after it. */
  static long putVarint(MemorySegment dst, long at, int v) {
    while ((v & ~0x7f) != 0) {
      dst.set(ValueLayout.JAVA_BYTE, at++, (byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    dst.set(ValueLayout.JAVA_BYTE, at++, (byte) v);
    return at;
  }

  /** Writes one entry at {@code at}; returns the position after it. */
  static long putEntry(MemorySegment dst, long at, MemorySegment key, long trailer, MemorySegment value) {
    int keyLength = (int) key.byteSize();
    int valueLength = (int) value.byteSize();
    at = putVarint(dst, at, keyLength);
    at = putVarint(dst, at, valueLength);
    MemorySegment.copy(key, 0, dst, at, keyLength);
    at += keyLength;
    dst.set(BlockHeader.U64, at, trailer);
    at += 8;
    MemorySegment.copy(value, 0, dst, at, valueLength);
    return at + valueLength;
  }

  /**
   * Compares the stored entry {@code (seg[keyAt, keyAt + keyLength), trailer)} with the target
   * {@code (key, targetTrailer)} in internal order: negative when the entry sorts first.
   */
  static int compare(MemorySegment seg, long keyAt, int keyLength, long trailer, MemorySegment key,
      long targetTrailer) {
    long keyEnd = keyAt + keyLength;
    long i = MemorySegment.mismatch(seg, keyAt, keyEnd, key, 0, key.byteSize());
    if (i >= 0) {
      if (i == keyLength) {
        return -1;
      }
      if (i == key.byteSize()) {
        return 1;
      }
      return Integer.compare(Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, keyAt + i)),
          Byte.toUnsignedInt(key.get(ValueLayout.JAVA_BYTE, i)));
    }
    // Same user key: the larger trailer (newer sequence, then larger kind code) sorts first.
    return Long.compareUnsigned(targetTrailer, trailer);
  }
}
