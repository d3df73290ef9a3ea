package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import dev.cascade.engine.CorruptionException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The last page of an SST file: where the top index and the properties are. After the block header:
 * {@code magic u64 | formatVersion u32 | topIndexPage u64 | topIndexPages u32 | propertiesPage u64 |
 * propertiesPages u32 | pageCount u64 | fileNumber u64} (little-endian), 52 payload bytes.
 *
 * <p>Immutable.
 */
record Footer(long topIndexPage, int topIndexPages, long propertiesPage, int propertiesPages, long pageCount,
    long fileNumber) {
  static final int PAYLOAD_BYTES = 52;

  void encodeTo(MemorySegment page) {
    long at = SstFormat.HEADER_BYTES;
    page.set(BlockHeader.U64, at, SstFormat.MAGIC);
    page.set(BlockHeader.U32, at + 8, SstFormat.FORMAT_VERSION);
    page.set(BlockHeader.U64, at + 12, topIndexPage);
    page.set(BlockHeader.U32, at + 20, topIndexPages);
    page.set(BlockHeader.U64, at + 24, propertiesPage);
    page.set(BlockHeader.U32, at + 32, propertiesPages);
    page.set(BlockHeader.U64, at + 36, pageCount);
    page.set(BlockHeader.U64, at + 44, fileNumber);
    BlockHeader.seal(page, BlockKind.FOOTER, Compression.NONE, PAYLOAD_BYTES, PAYLOAD_BYTES);
  }

  /**
   * Decodes and checks the footer page read from the last page of a file of {@code fileBytes}: checksum, magic,
   * version, and every location inside the file and within its named maximum.
   */
  static Footer decodeFrom(MemorySegment page, Path file, long fileBytes) {
    long offset = fileBytes - SstFormat.PAGE_BYTES;
    long at = SstFormat.HEADER_BYTES;
    // The magic first: a file that is not an SST at all deserves that message rather than a checksum's.
    long magic = page.get(BlockHeader.U64, at);
    if (magic != SstFormat.MAGIC) {
      throw corrupt(file, offset, "bad magic 0x" + Long.toHexString(magic) + ": not a Cascade SST file");
    }
    BlockHeader.verify(file, offset, page, BlockKind.FOOTER, PAYLOAD_BYTES);
    int version = page.get(BlockHeader.U32, at + 8);
    if (version != SstFormat.FORMAT_VERSION) {
      throw corrupt(file, offset, "format version " + version + ", this build reads " + SstFormat.FORMAT_VERSION);
    }
    Footer f = new Footer(page.get(BlockHeader.U64, at + 12), page.get(BlockHeader.U32, at + 20),
        page.get(BlockHeader.U64, at + 24), page.get(BlockHeader.U32, at + 32), page.get(BlockHeader.U64, at + 36),
        page.get(BlockHeader.U64, at + 44));
    long pages = fileBytes / SstFormat.PAGE_BYTES;
    if (BlockHeader.storedBytes(page) != PAYLOAD_BYTES || f.pageCount != pages
        || f.topIndexPages < 1 || f.topIndexPages > SstFormat.TOP_INDEX_PAGES_MAX
        || f.propertiesPages < 1 || f.propertiesPages > SstFormat.PROPERTIES_PAGES_MAX
        || f.topIndexPage < 0 || f.topIndexPage + f.topIndexPages > pages - 1
        || f.propertiesPage < 0 || f.propertiesPage + f.propertiesPages > pages - 1) {
      throw corrupt(file, offset, "locations out of bounds: " + f + " in a file of " + pages + " pages");
    }
    return f;
  }

  private static CorruptionException corrupt(Path file, long offset, String detail) {
    return new CorruptionException(file, offset, BlockKind.FOOTER.label(), detail);
  }
}
