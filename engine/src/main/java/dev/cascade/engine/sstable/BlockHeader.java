package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import dev.cascade.engine.CorruptionException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The 20-byte header that starts every block, and its checksum. Layout (little-endian):
 * {@code crc32c u32 | kind u8 | compression u8 | reserved u16 = 0 | pageCount u32 | storedBytes u32 | rawBytes u32}.
 * The checksum covers every byte of the block's pages after the checksum itself, padding included, so a flipped
 * bit anywhere in a page is caught.
 *
 * <p>Stateless.
 */
final class BlockHeader {
  static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static final int CRC_AT = 0;
  static final int KIND_AT = 4;
  static final int COMPRESSION_AT = 5;
  static final int RESERVED_AT = 6;
  static final int PAGE_COUNT_AT = 8;
  static final int STORED_AT = 12;
  static final int RAW_AT = 16;

  private BlockHeader() {}

  /**
   * Writes the header at the start of {@code block} (whole pages, payload already in place, padding zeroed) and
   * then its checksum.
   */
  static void seal(MemorySegment block, BlockKind kind, Compression compression, int storedBytes, int rawBytes) {
    long pages = block.byteSize() / SstFormat.PAGE_BYTES;
    assert block.byteSize() % SstFormat.PAGE_BYTES == 0 && pages > 0;
    assert SstFormat.HEADER_BYTES + (long) storedBytes <= block.byteSize();
    block.set(ValueLayout.JAVA_BYTE, KIND_AT, (byte) kind.code());
    block.set(ValueLayout.JAVA_BYTE, COMPRESSION_AT, (byte) compression.code());
    block.set(U16, RESERVED_AT, (short) 0);
    block.set(U32, PAGE_COUNT_AT, (int) pages);
    block.set(U32, STORED_AT, storedBytes);
    block.set(U32, RAW_AT, rawBytes);
    block.set(U32, CRC_AT, checksum(block));
  }

  /** CRC32C of every byte of {@code block} after the stored checksum. */
  static int checksum(MemorySegment block) {
    CRC32C crc = new CRC32C();
    crc.update(block.asSlice(KIND_AT).asByteBuffer());
    return (int) crc.getValue();
  }

  /**
   * Verifies a block read from {@code fileOffset}: the checksum, then that the header is of {@code expected}
   * kind, spans exactly the pages read, and holds lengths within {@code rawBytesMax}.
   *
   * @throws CorruptionException naming the file, the offset and the expected kind
   */
  static void verify(Path file, long fileOffset, MemorySegment block, BlockKind expected, int rawBytesMax) {
    int stored = block.get(U32, CRC_AT);
    int computed = checksum(block);
    if (stored != computed) {
      throw new CorruptionException(file, fileOffset, expected.label(), "checksum mismatch (stored 0x"
          + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(computed) + ")");
    }
    checkFields(file, fileOffset, block, expected, rawBytesMax);
  }

  /** The header checks of {@link #verify} without the checksum (for a page verified when it was loaded). */
  static void checkFields(Path file, long fileOffset, MemorySegment block, BlockKind expected, int rawBytesMax) {
    int kindCode = Byte.toUnsignedInt(block.get(ValueLayout.JAVA_BYTE, KIND_AT));
    if (kindCode != expected.code()) {
      BlockKind actual = BlockKind.ofCode(kindCode);
      throw new CorruptionException(file, fileOffset, expected.label(),
          "block kind " + kindCode + (actual == null ? " (unknown)" : " (" + actual.label() + ")") + " where a "
              + expected.label() + " belongs");
    }
    long pages = Integer.toUnsignedLong(block.get(U32, PAGE_COUNT_AT));
    if (pages * SstFormat.PAGE_BYTES != block.byteSize()) {
      throw new CorruptionException(file, fileOffset, expected.label(),
          "header says " + pages + " pages, the index says " + block.byteSize() / SstFormat.PAGE_BYTES);
    }
    Compression c = compression(block);
    if (c == null || block.get(U16, RESERVED_AT) != 0) {
      throw new CorruptionException(file, fileOffset, expected.label(), "unknown compression code "
          + Byte.toUnsignedInt(block.get(ValueLayout.JAVA_BYTE, COMPRESSION_AT)) + " or reserved bits set");
    }
    long storedBytes = storedBytes(block);
    long rawBytes = rawBytes(block);
    if (storedBytes > block.byteSize() - SstFormat.HEADER_BYTES || rawBytes > rawBytesMax
        || (c == Compression.NONE && storedBytes != rawBytes)) {
      throw new CorruptionException(file, fileOffset, expected.label(), "stored length " + storedBytes
          + " or raw length " + rawBytes + " out of bounds (block of " + block.byteSize() + " bytes, raw max "
          + rawBytesMax + ", compression " + c + ")");
    }
  }

  static Compression compression(MemorySegment block) {
    return Compression.ofCode(Byte.toUnsignedInt(block.get(ValueLayout.JAVA_BYTE, COMPRESSION_AT)));
  }

  static long storedBytes(MemorySegment block) {
    return Integer.toUnsignedLong(block.get(U32, STORED_AT));
  }

  static long rawBytes(MemorySegment block) {
    return Integer.toUnsignedLong(block.get(U32, RAW_AT));
  }

  static int kindCode(MemorySegment block) {
    return Byte.toUnsignedInt(block.get(ValueLayout.JAVA_BYTE, KIND_AT));
  }

  static long pageCount(MemorySegment block) {
    return Integer.toUnsignedLong(block.get(U32, PAGE_COUNT_AT));
  }
}
