package dev.cascade.engine.memtable;

import java.lang.foreign.ValueLayout;

/**
 * Where the fields of one skiplist node sit in the {@link ChunkArena}. A node starts at an 8-aligned reference:
 *
 * <pre>
 *   offset 0   byte    height h, 1..MemtableOptions.MAX_HEIGHT_MAX (the number of next pointers)
 *   offset 1   byte    unused (0)
 *   offset 2   short   key length in bytes, 0..Limits.KEY_BYTES_MAX
 *   offset 4   int     value length in bytes, 0..Limits.VALUE_BYTES_MAX
 *   offset 8   long    trailer: sequence &lt;&lt; 8 | kind code (KeyOrder.trailer)
 *   offset 16  long[h] next pointers, level 0 first; 0 means none
 *   16 + 8h    key bytes, then value bytes, then padding to a multiple of 8
 * </pre>
 *
 * <p>The next pointers sit at a fixed offset so that walking a level reads no header field; the key follows the
 * tower, so comparing a node's key reads the height byte, on the same cache line as the pointers. The head of the
 * list is a node of the maximum height with an empty key at reference 0.
 *
 * <p>Stateless.
 */
final class NodeLayout {
  static final long HEIGHT = 0;
  static final long KEY_LENGTH = 2;
  static final long VALUE_LENGTH = 4;
  static final long TRAILER = 8;
  static final long NEXT = 16;

  static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
  static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT;
  static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;

  private NodeLayout() {}

  /** Bytes of a node of height {@code height} holding a key and value of the given lengths. */
  static long nodeBytes(int height, long keyBytes, long valueBytes) {
    long raw = NEXT + 8L * height + keyBytes + valueBytes;
    return (raw + ChunkArena.ALIGNMENT_BYTES - 1) & -ChunkArena.ALIGNMENT_BYTES;
  }

  /** Offset of the key of a node of height {@code height}, relative to the node's start. */
  static long keyOffset(int height) {
    return NEXT + 8L * height;
  }
}
