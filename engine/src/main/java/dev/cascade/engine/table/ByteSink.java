package dev.cascade.engine.table;

import java.util.Arrays;

/**
 * A growable byte buffer that keys, row values and catalog entries are written into.
 *
 * <p>Thread ownership: owned by the thread that created it (not thread-safe).
 */
final class ByteSink {
  private byte[] bytes;
  private int size;

  ByteSink(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  ByteSink() {
    this(64);
  }

  int size() {
    return size;
  }

  /** The byte at {@code i} (unsigned), for tests of what was written. */
  int at(int i) {
    return bytes[i] & 0xFF;
  }

  ByteSink u8(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
    return this;
  }

  ByteSink u16(int v) {
    return u8(v >>> 8).u8(v);
  }

  ByteSink u32(int v) {
    ensure(4);
    bytes[size++] = (byte) (v >>> 24);
    bytes[size++] = (byte) (v >>> 16);
    bytes[size++] = (byte) (v >>> 8);
    bytes[size++] = (byte) v;
    return this;
  }

  ByteSink u64(long v) {
    return u32((int) (v >>> 32)).u32((int) v);
  }

  /** Unsigned LEB128. */
  ByteSink varint(long v) {
    while ((v & ~0x7FL) != 0) {
      u8((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    return u8((int) v);
  }

  /** Zig-zag LEB128, so small negative numbers stay short. */
  ByteSink zigzag(long v) {
    return varint((v << 1) ^ (v >> 63));
  }

  ByteSink bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  ByteSink bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
    return this;
  }

  /** A copy of the bytes written so far. */
  byte[] toArray() {
    return Arrays.copyOf(bytes, size);
  }

  /** The internal array (valid up to {@link #size()}); for hashing without a copy. */
  byte[] array() {
    return bytes;
  }

  void truncate(int newSize) {
    size = newSize;
  }

  private void ensure(int n) {
    if (size + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
    }
  }
}
