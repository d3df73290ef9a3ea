package dev.cascade.engine.sstable;

import dev.cascade.engine.key.Limits;

/**
 * The constants of the SST format (see {@code engine/docs/sst-format.md}): page size, block header, limits on
 * every length that is read back from disk, magic and version.
 *
 * <p>Immutable constants.
 */
final class SstFormat {
  /** Every read and write is whole, aligned pages of this size. */
  static final int PAGE_BYTES = 4096;

  /** Block header: crc32c u32, kind u8, compression u8, reserved u16, pageCount u32, stored u32, raw u32. */
  static final int HEADER_BYTES = 20;

  /** Most payload bytes in a one-page block. */
  static final int PAGE_PAYLOAD_BYTES_MAX = PAGE_BYTES - HEADER_BYTES;

  /**
   * Largest uncompressed data block that is packed with other entries. Bounds the decompression buffer of a
   * page and the work of one compression; an entry larger than this alone takes a run of pages.
   */
  static final int BLOCK_UNCOMPRESSED_BYTES_MAX = 64 << 10;

  /** Bytes of an entry besides its key and value: two varint32 lengths (5 bytes each at most) and the trailer. */
  static final int ENTRY_OVERHEAD_BYTES_MAX = 5 + 5 + 8;

  /** Largest uncompressed run block: one largest entry with its offset array and count. */
  static final int RUN_UNCOMPRESSED_BYTES_MAX =
      Limits.VALUE_BYTES_MAX + Limits.KEY_BYTES_MAX + ENTRY_OVERHEAD_BYTES_MAX + 8;

  /** Most pages of a data run: a run never stores more than its uncompressed size. */
  static final int RUN_PAGES_MAX = (HEADER_BYTES + RUN_UNCOMPRESSED_BYTES_MAX + PAGE_BYTES - 1) / PAGE_BYTES;

  /** Most pages of the top index (256 MiB: far beyond any file the engine writes). */
  static final int TOP_INDEX_PAGES_MAX = 1 << 16;

  /** Most pages of the properties block (two largest keys and the counters need two). */
  static final int PROPERTIES_PAGES_MAX = 4;

  /** Most pages of a file, so that every page number fits the index's u64 and offsets fit a long. */
  static final long FILE_PAGES_MAX = 1L << 40;

  /** Size of an index entry's value: first page u64, page count u32. */
  static final int INDEX_VALUE_BYTES = 12;

  /** Size of a top index entry's value: filter page u64, index page u64. */
  static final int TOP_INDEX_VALUE_BYTES = 16;

  /** "CASCSST1" in little-endian byte order: the file's magic, in the footer. */
  static final long MAGIC = 0x3154535343534143L;

  static final int FORMAT_VERSION = 1;

  private SstFormat() {}

  /** Pages needed for a block of {@code payloadBytes} after its header. */
  static long pagesFor(long payloadBytes) {
    return (HEADER_BYTES + payloadBytes + PAGE_BYTES - 1) / PAGE_BYTES;
  }
}
