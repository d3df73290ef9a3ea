package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.key.Limits;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The properties block of an SST file: counts, key and sequence ranges, sizes and compression. Encoded after the
 * block header as 14 little-endian u64 in component order ({@code fileNumber} .. {@code dataStoredBytes}), then
 * {@code compression u8 | bloomBitsPerKey u8 | reserved u16 = 0 | smallestKeyLength u32 | smallestKey |
 * largestKeyLength u32 | largestKey}.
 *
 * <p>Immutable (the arrays are never modified once built).
 *
 * @param dataPageCount pages of data blocks, runs included
 * @param dataBlockCount data blocks (a run is one block)
 * @param runCount data blocks spanning more than one page
 * @param partitionCount partitions, each one filter page and one index page
 * @param rawKeyBytes sum of the user keys' lengths
 * @param rawValueBytes sum of the values' lengths
 * @param dataRawBytes sum of the data blocks' uncompressed payloads
 * @param dataStoredBytes sum of the data blocks' stored (compressed) payloads
 */
public record SstProperties(long fileNumber, long entryCount, long deleteCount, long valuePointerCount,
    long smallestSeq, long largestSeq, long dataPageCount, long dataBlockCount, long runCount, long partitionCount,
    long rawKeyBytes, long rawValueBytes, long dataRawBytes, long dataStoredBytes, Compression compression,
    int bloomBitsPerKey, byte[] smallestKey, byte[] largestKey) {
  private static final int FIXED_LONGS = 14;
  private static final int FIXED_BYTES = FIXED_LONGS * 8 + 4;

  /** Largest encoded properties payload. */
  static final int ENCODED_BYTES_MAX = FIXED_BYTES + 2 * (4 + Limits.KEY_BYTES_MAX);

  public long filterPageCount() {
    return partitionCount;
  }

  public long indexPageCount() {
    return partitionCount;
  }

  int encodedBytes() {
    return FIXED_BYTES + 4 + smallestKey.length + 4 + largestKey.length;
  }

  void encodeTo(MemorySegment dst, long at) {
    long[] fixed = {fileNumber, entryCount, deleteCount, valuePointerCount, smallestSeq, largestSeq, dataPageCount,
        dataBlockCount, runCount, partitionCount, rawKeyBytes, rawValueBytes, dataRawBytes, dataStoredBytes};
    for (int i = 0; i < FIXED_LONGS; i++) {
      dst.set(BlockHeader.U64, at + 8L * i, fixed[i]);
    }
    long p = at + FIXED_LONGS * 8;
    dst.set(ValueLayout.JAVA_BYTE, p, (byte) compression.code());
    dst.set(ValueLayout.JAVA_BYTE, p + 1, (byte) bloomBitsPerKey);
    dst.set(BlockHeader.U16, p + 2, (short) 0);
    p += 4;
    p = putKey(dst, p, smallestKey);
    putKey(dst, p, largestKey);
  }

  private static long putKey(MemorySegment dst, long at, byte[] key) {
    dst.set(BlockHeader.U32, at, key.length);
    MemorySegment.copy(MemorySegment.ofArray(key), 0, dst, at + 4, key.length);
    return at + 4 + key.length;
  }

  /** Decodes {@code payload} (exactly the block's payload) read from {@code fileOffset}. */
  static SstProperties decodeFrom(MemorySegment payload, Path file, long fileOffset) {
    long size = payload.byteSize();
    if (size < FIXED_BYTES + 8) {
      throw corrupt(file, fileOffset, "payload of " + size + " bytes is shorter than the fixed fields");
    }
    long[] f = new long[FIXED_LONGS];
    for (int i = 0; i < FIXED_LONGS; i++) {
      f[i] = payload.get(BlockHeader.U64, 8L * i);
    }
    long p = FIXED_LONGS * 8;
    Compression c = Compression.ofCode(Byte.toUnsignedInt(payload.get(ValueLayout.JAVA_BYTE, p)));
    int bits = Byte.toUnsignedInt(payload.get(ValueLayout.JAVA_BYTE, p + 1));
    if (c == null || bits < 1 || bits > SstOptions.BLOOM_BITS_PER_KEY_MAX) {
      throw corrupt(file, fileOffset, "unknown compression or bloom bits per key " + bits);
    }
    p += 4;
    byte[] smallest = getKey(payload, p, file, fileOffset);
    p += 4 + smallest.length;
    byte[] largest = getKey(payload, p, file, fileOffset);
    if (p + 4 + largest.length != size) {
      throw corrupt(file, fileOffset, "keys end at " + (p + 4 + largest.length) + ", payload has " + size + " bytes");
    }
    for (long v : f) {
      if (v < 0) {
        throw corrupt(file, fileOffset, "negative count " + v);
      }
    }
    return new SstProperties(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13],
        c, bits, smallest, largest);
  }

  private static byte[] getKey(MemorySegment payload, long at, Path file, long fileOffset) {
    if (at + 4 > payload.byteSize()) {
      throw corrupt(file, fileOffset, "key length at " + at + " beyond the payload");
    }
    long length = Integer.toUnsignedLong(payload.get(BlockHeader.U32, at));
    if (length > Limits.KEY_BYTES_MAX || at + 4 + length > payload.byteSize()) {
      throw corrupt(file, fileOffset, "key length " + length + " beyond " + Limits.KEY_BYTES_MAX
          + " or the payload");
    }
    return payload.asSlice(at + 4, length).toArray(ValueLayout.JAVA_BYTE);
  }

  private static CorruptionException corrupt(Path file, long fileOffset, String detail) {
    return new CorruptionException(file, fileOffset, BlockKind.PROPERTIES.label(), detail);
  }

  /** Hex of a key, cut after 32 bytes (keys may be 2 KiB). */
  static String shortHex(byte[] key) {
    HexFormat hex = HexFormat.of();
    return key.length <= 32 ? hex.formatHex(key) : hex.formatHex(key, 0, 32) + "...(" + key.length + " bytes)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SstProperties s && toString().equals(s.toString());
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fileNumber) * 31 + Long.hashCode(entryCount) + Arrays.hashCode(smallestKey);
  }

  @Override
  public String toString() {
    return "SstProperties[file " + fileNumber + ", " + entryCount + " entries (" + deleteCount + " deletes, "
        + valuePointerCount + " value pointers), keys " + shortHex(smallestKey) + ".." + shortHex(largestKey)
        + ", seq " + smallestSeq + ".." + largestSeq + ", " + dataPageCount + " data pages in " + dataBlockCount
        + " blocks (" + runCount + " runs), " + partitionCount + " partitions, keys " + rawKeyBytes + " B, values "
        + rawValueBytes + " B, data " + dataRawBytes + " B raw / " + dataStoredBytes + " B stored, " + compression
        + ", " + bloomBitsPerKey + " bloom bits/key]";
  }
}
