package dev.cascade.engine.table;

import dev.cascade.engine.CascadeException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A cursor reading keys, row values and catalog entries from a memory segment (a shard's view, or a heap array
 * wrapped with {@link MemorySegment#ofArray(byte[])}). Reading past the end throws a {@link CascadeException} that
 * names what was being read.
 *
 * <p>A reader over a heap array reads the array directly: the segment accessors' checks cost more than the
 * decoding itself when a scan decodes its rows on the calling thread.
 *
 * <p>Thread ownership: owned by the thread that created it (not thread-safe).
 */
final class SegmentReader {
  private final MemorySegment segment;
  /** The bytes when reading a heap array, else null. */
  private final byte[] array;
  private final long limit;
  private long position;

  SegmentReader(MemorySegment segment, long position) {
    this.segment = segment;
    this.array = null;
    this.limit = segment.byteSize();
    this.position = position;
  }

  SegmentReader(byte[] bytes, int position) {
    this.segment = null;
    this.array = bytes;
    this.limit = bytes.length;
    this.position = position;
  }

  private byte at(long p) {
    return array != null ? array[(int) p] : segment.get(ValueLayout.JAVA_BYTE, p);
  }

  long position() {
    return position;
  }

  void position(long p) {
    position = p;
  }

  long remaining() {
    return limit - position;
  }

  int u8() {
    need(1);
    return at(position++) & 0xFF;
  }

  /** The byte at {@code position + ahead}, unsigned, without moving; -1 past the end. */
  int peek(int ahead) {
    long p = position + ahead;
    return p < limit ? at(p) & 0xFF : -1;
  }

  int u16() {
    return (u8() << 8) | u8();
  }

  int u32() {
    need(4);
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (at(position++) & 0xFF);
    }
    return v;
  }

  long u64() {
    return ((long) u32() << 32) | (u32() & 0xFFFF_FFFFL);
  }

  long varint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CascadeException("malformed varint at offset " + position);
  }

  long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A length read as a varint, checked against what is left. */
  int length() {
    long n = varint();
    if (n < 0 || n > remaining()) {
      throw new CascadeException("length " + n + " at offset " + position + " runs past the end (" + remaining()
          + " bytes left)");
    }
    return (int) n;
  }

  byte[] bytes(int n) {
    need(n);
    byte[] b = new byte[n];
    if (array != null) {
      System.arraycopy(array, (int) position, b, 0, n);
    } else {
      MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, position, b, 0, n);
    }
    position += n;
    return b;
  }

  void skip(int n) {
    need(n);
    position += n;
  }

  /** The next {@code n} bytes as UTF-8 text. */
  String utf8(int n) {
    if (array == null) {
      return new String(bytes(n), StandardCharsets.UTF_8);
    }
    need(n);
    String s = new String(array, (int) position, n, StandardCharsets.UTF_8);
    position += n;
    return s;
  }

  private void need(long n) {
    if (position + n > limit) {
      throw new CascadeException("truncated entry: need " + n + " bytes at offset " + position + " of " + limit);
    }
  }
}
