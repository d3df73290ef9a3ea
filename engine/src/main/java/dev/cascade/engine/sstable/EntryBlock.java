package dev.cascade.engine.sstable;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A flyweight reader of one entry block's uncompressed payload: entries back to back, then {@code u32 offset}
 * per entry (from the payload start), then {@code u32 count}. {@link #decode(int)} positions it on one entry
 * (fields {@link #keyAt}, {@link #keyLength}, {@link #trailer}, {@link #valueAt}, {@link #valueLength});
 * {@link #search} binary-searches the offset array. Every length and offset is checked before use; a violation is
 * a {@link CorruptionException} naming the block.
 *
 * <p>A payload on the heap (an iterator's decompressed block) is read straight from its array: reading a segment
 * byte by byte pays bounds, liveness and alignment checks on every access, more than the decoding itself.
 *
 * <p>Thread ownership: owned by the lookup or iterator that re-points it; never shared.
 */
final class EntryBlock {

  private MemorySegment seg = MemorySegment.NULL;
  /** The array behind {@link #seg} when it is on the heap, else null; {@link #heapBase}: where seg starts in it. */
  private byte[] heap;
  private int heapBase;
  private int count;
  private long offsetsAt;
  private Path file;
  private long fileOffset;
  private BlockKind kind;

  long keyAt;
  int keyLength;
  long trailer;
  long valueAt;
  int valueLength;
  /** Slices of the current entry, made on first use (a merge asks for the key several times per entry). */
  private MemorySegment keySlice;
  private MemorySegment valueSlice;

  /** Re-points at {@code raw} (exactly the payload), which came from {@code fileOffset} of {@code file}. */
  EntryBlock reset(MemorySegment raw, Path file, long fileOffset, BlockKind kind) {
    return reset(raw, raw.byteSize(), file, fileOffset, kind);
  }

  /**
   * Re-points at the payload in the first {@code size} bytes of {@code raw} (a reused buffer, which needs no slice
   * made for each block). Every offset is checked against {@code size}, as against a payload of that length.
   */
  EntryBlock reset(MemorySegment raw, long size, Path file, long fileOffset, BlockKind kind) {
    if (size > raw.byteSize()) {
      throw new IllegalArgumentException("payload of " + size + " bytes in a buffer of " + raw.byteSize());
    }
    this.seg = raw;
    this.heap = KeyOrder.heapArray(raw);
    this.heapBase = heap != null ? (int) raw.address() : 0;
    this.keySlice = null;
    this.valueSlice = null;
    this.file = file;
    this.fileOffset = fileOffset;
    this.kind = kind;
    if (size < 8) {
      throw corrupt("payload of " + size + " bytes is too short for an entry block");
    }
    long n = Integer.toUnsignedLong(raw.get(BlockHeader.U32, size - 4));
    if (n == 0 || n > (size - 4) / 4) {
      throw corrupt("entry count " + n + " does not fit a payload of " + size + " bytes");
    }
    this.count = (int) n;
    this.offsetsAt = size - 4 - 4 * n;
    return this;
  }

  int count() {
    return count;
  }

  /** The heap array the payload is in, or null when it is off the heap. */
  byte[] heapArray() {
    return heap;
  }

  /** Where payload offset {@code at} lies in {@link #heapArray()}. */
  int heapOffset(long at) {
    return heapBase + (int) at;
  }

  MemorySegment segment() {
    return seg;
  }

  /** Positions on entry {@code i} in {@code [0, count)}. */
  void decode(int i) {
    long at = offset(i);
    long end = i + 1 < count ? offset(i + 1) : offsetsAt;
    if (at >= end || end > offsetsAt) {
      throw corrupt("entry " + i + " spans [" + at + ", " + end + ") outside the entries' " + offsetsAt + " bytes");
    }
    parse(i, at, end, true);
  }

  /**
   * Positions on entry {@code i}, the one after the entry the block is on: entries lie back to back, so it starts
   * where the current one ends, and a scan reads no offsets. It must end within the entries, and the last one
   * exactly at their end; that its offset matches is checked only by {@link #decode} (the page's checksum covers
   * both).
   */
  void decodeNext(int i) {
    parse(i, valueAt + valueLength, offsetsAt, i + 1 == count);
  }

  /** Reads entry {@code i} at {@code at}; it ends at {@code end} ({@code exact}) or within it. */
  private void parse(int i, long at, long end, boolean exact) {
    long p = at;
    int kl = 0;
    int shift = 0;
    byte b;
    do {
      if (p >= end || shift > 28) {
        throw corrupt("entry " + i + " has a malformed key length");
      }
      b = byteAt(p++);
      kl |= (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0);
    int vl = 0;
    shift = 0;
    do {
      if (p >= end || shift > 28) {
        throw corrupt("entry " + i + " has a malformed value length");
      }
      b = byteAt(p++);
      vl |= (b & 0x7f) << shift;
      shift += 7;
    } while (b < 0);
    long entryEnd = p + kl + 8 + (long) vl;
    if (kl < 0 || kl > Limits.KEY_BYTES_MAX || vl < 0 || vl > Limits.VALUE_BYTES_MAX
        || (exact ? entryEnd != end : entryEnd > end)) {
      throw corrupt("entry " + i + " with key length " + kl + " and value length " + vl + " does not fit its "
          + (exact ? "" : "at most ") + (end - at) + " bytes (key max " + Limits.KEY_BYTES_MAX + ", value max "
          + Limits.VALUE_BYTES_MAX + ")");
    }
    keySlice = null;
    valueSlice = null;
    keyAt = p;
    keyLength = kl;
    trailer = heap != null ? le64(heap, heapBase + (int) (p + kl)) : seg.get(BlockHeader.U64, p + kl);
    valueAt = p + kl + 8;
    valueLength = vl;
  }

  private long offset(int i) {
    long at = offsetsAt + 4L * i;
    return Integer.toUnsignedLong(heap != null ? le32(heap, heapBase + (int) at)
        : seg.get(BlockHeader.U32, at));
  }

  // Little-endian reads from the heap array byte by byte: array views and heap buffers read through a segment
  // accessor on this JDK, which checks a scope on every call and cost more than the decoding around them.
  private static int le32(byte[] a, int i) {
    return (a[i] & 0xff) | (a[i + 1] & 0xff) << 8 | (a[i + 2] & 0xff) << 16 | (a[i + 3] & 0xff) << 24;
  }

  private static long le64(byte[] a, int i) {
    return Integer.toUnsignedLong(le32(a, i)) | (long) le32(a, i + 4) << 32;
  }

  /** Byte {@code p} of the payload ({@code p} is within it: every caller checks against an entry's end). */
  private byte byteAt(long p) {
    return heap != null ? heap[heapBase + (int) p] : seg.get(ValueLayout.JAVA_BYTE, p);
  }

  /** Compares entry {@code i} with the target in internal order; leaves the block positioned on entry i. */
  int compare(int i, MemorySegment key, long targetTrailer) {
    decode(i);
    if (heap != null) {
      byte[] k = KeyOrder.heapArray(key);
      if (k != null) {
        int at = heapBase + (int) keyAt;
        int kx = (int) key.address();
        int c = Arrays.compareUnsigned(heap, at, at + keyLength, k, kx, kx + (int) key.byteSize());
        // Same user key: the larger trailer (newer sequence, then larger kind code) sorts first.
        return c != 0 ? c : Long.compareUnsigned(targetTrailer, trailer);
      }
    }
    return EntryCodec.compare(seg, keyAt, keyLength, trailer, key, targetTrailer);
  }

  /**
   * The first entry that sorts after the target ({@code strict}) or at or after it; {@link #count()} when none.
   */
  int search(MemorySegment key, long targetTrailer, boolean strict) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(mid, key, targetTrailer);
      if (c < 0 || (strict && c == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  MemorySegment key() {
    MemorySegment k = keySlice;
    if (k == null) {
      k = seg.asSlice(keyAt, keyLength);
      keySlice = k;
    }
    return k;
  }

  MemorySegment value() {
    MemorySegment v = valueSlice;
    if (v == null) {
      v = seg.asSlice(valueAt, valueLength);
      valueSlice = v;
    }
    return v;
  }

  CorruptionException corrupt(String detail) {
    return new CorruptionException(file, fileOffset, kind.label(), detail);
  }
}
