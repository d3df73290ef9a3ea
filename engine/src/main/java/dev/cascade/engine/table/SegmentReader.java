package dev.cascade.engine.table;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.key.KeyOrder;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A cursor reading keys, row values and catalog entries from a heap array or a memory segment (a shard's view).
 * Reading past the end throws a {@link CascadeException} that names what was being read.
 *
 * <p>It always reads a heap array: a segment on the heap is read from its own array, and an off-heap one is copied
 * into one on demand, in growing pieces, only as far as the reading goes (a filter that reads one leading column
 * copies a few bytes of a long row). Reading a segment byte by byte through its accessors costs more, in their
 * bounds and liveness checks, than the decoding itself. Positions are relative to the start of the entry.
 *
 * <p>Thread ownership: owned by the thread that created it (not thread-safe).
 */
final class SegmentReader {
  /** Fewest bytes copied from a segment at once. */
  private static final int COPY_BYTES_MIN = 32;

  /** The source still to copy from, or null when reading a heap array. */
  private final MemorySegment segment;
  private byte[] array;
  /** Where the entry starts in {@link #array} (non-zero only for a slice of a heap segment). */
  private final int base;
  /** End of the bytes of the source in {@link #array}: {@code [base, available)}. */
  private int available;
  /** End of the entry in {@link #array}. */
  private final int limit;
  /** The next byte to read, an index into {@link #array}. */
  private int position;

  SegmentReader(MemorySegment segment, long position) {
    long size = segment.byteSize();
    if (size > Integer.MAX_VALUE - 8) {
      throw new CascadeException("entry of " + size + " bytes is too large to decode");
    }
    byte[] bytes = KeyOrder.heapArray(segment);
    if (bytes != null) {
      this.segment = null;
      this.array = bytes;
      this.base = (int) segment.address();
      this.limit = base + (int) size;
      this.available = limit;
    } else {
      this.segment = segment;
      this.base = 0;
      this.limit = (int) size;
      this.array = new byte[Math.min(limit, Math.max(COPY_BYTES_MIN, (int) position + COPY_BYTES_MIN))];
    }
    this.position = base + (int) position;
  }

  SegmentReader(byte[] bytes, int position) {
    this(bytes, 0, bytes.length, position);
  }

  /** A reader of the entry in {@code bytes[from, to)}, at entry position {@code position}. */
  SegmentReader(byte[] bytes, int from, int to, int position) {
    if (from < 0 || to > bytes.length || from > to) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + bytes.length + " bytes");
    }
    this.segment = null;
    this.array = bytes;
    this.base = from;
    this.available = to;
    this.limit = to;
    this.position = from + position;
  }

  /** Makes bytes up to {@code end} (at most the limit) readable from the array. */
  private void ensure(int end) {
    if (end <= available) {
      return;
    }
    int target = Math.min(limit, Math.max(end, Math.max(COPY_BYTES_MIN, available * 2)));
    if (target > array.length) {
      array = java.util.Arrays.copyOf(array, target);
    }
    MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, available, array, available, target - available);
    available = target;
  }

  private byte at(int p) {
    return array[p];
  }

  long position() {
    return position - base;
  }

  void position(long p) {
    if (p < 0 || p > limit - base) {
      throw new CascadeException("position " + p + " is outside the entry's " + (limit - base) + " bytes");
    }
    position = base + (int) p;
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
    long p = (long) position + ahead;
    if (p >= limit) {
      return -1;
    }
    ensure((int) p + 1);
    return at((int) p) & 0xFF;
  }

  /** The byte at entry position {@code p} (before the current position), unsigned, without moving. */
  int peekAt(int p) {
    if (p < 0 || base + p >= position) {
      throw new CascadeException("position " + p + " was not read yet (at " + (position - base) + ")");
    }
    ensure(base + p + 1);
    return at(base + p) & 0xFF;
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
    if (position < available) {
      byte b = array[position];
      if (b >= 0) { // one byte, the common case: small numbers and lengths
        position++;
        return b;
      }
    }
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CascadeException("malformed varint at offset " + position());
  }

  long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  /** A length read as a varint, checked against what is left. */
  int length() {
    long n = varint();
    if (n < 0 || n > remaining()) {
      throw new CascadeException("length " + n + " at offset " + position() + " runs past the end (" + remaining()
          + " bytes left)");
    }
    return (int) n;
  }

  byte[] bytes(int n) {
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(array, position, b, 0, n);
    position += n;
    return b;
  }

  void skip(int n) {
    if ((long) position + n > limit || n < 0) {
      throw new CascadeException("truncated entry: need " + n + " bytes at offset " + position() + " of "
          + (limit - base));
    }
    position += n;
  }

  /** The next {@code n} bytes as UTF-8 text. */
  String utf8(int n) {
    need(n);
    String s = new String(array, position, n, StandardCharsets.UTF_8);
    position += n;
    return s;
  }

  private void need(long n) {
    if (position + n > limit) {
      throw new CascadeException("truncated entry: need " + n + " bytes at offset " + position() + " of "
          + (limit - base));
    }
    if (position + n > available) {
      ensure((int) (position + n));
    }
  }
}
