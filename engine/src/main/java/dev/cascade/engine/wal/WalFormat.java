package dev.cascade.engine.wal;

import dev.cascade.engine.io.IoEngine;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The WAL's on-disk constants and the encoding of one fragment header (engine/docs/wal-format.md is the
 * specification). A segment is a run of {@link #PAGE_BYTES} pages; a page holds fragments, each a
 * {@link #HEADER_BYTES}-byte header followed by its payload, and never crosses a page boundary. All integers are
 * little-endian.
 *
 * <pre>
 *   0  u32 crc32c    of bytes [4, 24 + length): the rest of the header and the payload
 *   4  u16 length    payload bytes in this fragment
 *   6  u8  type      FULL 1, FIRST 2, MIDDLE 3, LAST 4, PAD 5, LINK 6
 *   7  u8  reserved  0
 *   8  u32 generation
 *  12  u32 syncedOffset  offset in this generation up to which the log was durable when this was built, or 0
 *  16  u64 sequence  the caller's sequence number of the record (0 for PAD and LINK)
 * </pre>
 *
 * <p>Immutable (constants and static methods).
 */
final class WalFormat {
  static final int PAGE_BYTES = IoEngine.ALIGNMENT_BYTES;
  static final int HEADER_BYTES = 24;
  /** Largest payload of one fragment: a whole page minus its header. */
  static final int FRAGMENT_PAYLOAD_BYTES_MAX = PAGE_BYTES - HEADER_BYTES;

  static final byte TYPE_FULL = 1;
  static final byte TYPE_FIRST = 2;
  static final byte TYPE_MIDDLE = 3;
  static final byte TYPE_LAST = 4;
  /** Zeros to the end of the page: ends a synced group's (or a LINK's) page explicitly. */
  static final byte TYPE_PAD = 5;
  /** Starts a generation: the first fragment of a segment, or of a resumed log after recovery. */
  static final byte TYPE_LINK = 6;
  static final byte TYPE_MAX = TYPE_LINK;

  /** "CWAL" in the LINK payload. */
  static final int LINK_MAGIC = 0x4c415743;
  static final short FORMAT_VERSION = 1;
  /** LINK payload: u32 magic, u16 format version, u16 reserved 0, u64 previous log end position. */
  static final int LINK_PAYLOAD_BYTES = 16;

  static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static final int CRC_AT = 0;
  static final int LENGTH_AT = 4;
  static final int TYPE_AT = 6;
  static final int RESERVED_AT = 7;
  static final int GENERATION_AT = 8;
  static final int SYNCED_AT = 12;
  static final int SEQUENCE_AT = 16;

  private WalFormat() {}

  /**
   * Writes a fragment at {@code at} in {@code page}: header, then {@code payload} (may be null for a zero-filled
   * payload of {@code length} bytes, which the page already holds), then the checksum over both.
   */
  static void put(MemorySegment page, int at, byte type, int length, int generation, int syncedOffset, long sequence,
      MemorySegment payload, CRC32C crc) {
    page.set(U16, at + LENGTH_AT, (short) length);
    page.set(ValueLayout.JAVA_BYTE, at + TYPE_AT, type);
    page.set(ValueLayout.JAVA_BYTE, at + RESERVED_AT, (byte) 0);
    page.set(U32, at + GENERATION_AT, generation);
    page.set(U32, at + SYNCED_AT, syncedOffset);
    page.set(U64, at + SEQUENCE_AT, sequence);
    if (payload != null && length > 0) {
      MemorySegment.copy(payload, 0, page, at + HEADER_BYTES, length);
    }
    page.set(U32, at + CRC_AT, checksum(page, at, length, crc));
  }

  /** CRC32C of the fragment at {@code at} with {@code length} payload bytes, header fields after the CRC included. */
  static int checksum(MemorySegment page, int at, int length, CRC32C crc) {
    crc.reset();
    crc.update(page.asSlice(at + LENGTH_AT, HEADER_BYTES - LENGTH_AT + length).asByteBuffer());
    return (int) crc.getValue();
  }

  static String typeName(int type) {
    return switch (type) {
      case TYPE_FULL -> "FULL";
      case TYPE_FIRST -> "FIRST";
      case TYPE_MIDDLE -> "MIDDLE";
      case TYPE_LAST -> "LAST";
      case TYPE_PAD -> "PAD";
      case TYPE_LINK -> "LINK";
      default -> "type " + type;
    };
  }

  static long pageUp(long offset) {
    return (offset + PAGE_BYTES - 1) / PAGE_BYTES * PAGE_BYTES;
  }
}
