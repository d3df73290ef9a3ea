package dev.cascade.engine.wal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32C;

/**
 * A flyweight over one fragment header in a page, re-pointed with {@link #decode}: checks every field read from
 * disk (length against the room left in the page, type, reserved byte, checksum) before any is used.
 *
 * <p>Owned by one reader (a recovery on the shard's thread).
 */
final class WalFragment {
  private final CRC32C crc = new CRC32C();
  int type;
  int length;
  int generation;
  int syncedOffset;
  long sequence;

  /**
   * Decodes the header at {@code at} of {@code page}. Returns null when the fragment is valid, {@link #ZEROS}
   * when its header is all zeros (nothing was ever written there), else what is wrong with it.
   */
  String decode(MemorySegment page, int at) {
    if (isZero(page, at, WalFormat.HEADER_BYTES)) {
      return ZEROS;
    }
    length = Short.toUnsignedInt(page.get(WalFormat.U16, at + WalFormat.LENGTH_AT));
    type = page.get(ValueLayout.JAVA_BYTE, at + WalFormat.TYPE_AT);
    int reserved = page.get(ValueLayout.JAVA_BYTE, at + WalFormat.RESERVED_AT);
    generation = page.get(WalFormat.U32, at + WalFormat.GENERATION_AT);
    syncedOffset = page.get(WalFormat.U32, at + WalFormat.SYNCED_AT);
    sequence = page.get(WalFormat.U64, at + WalFormat.SEQUENCE_AT);
    int room = WalFormat.PAGE_BYTES - at - WalFormat.HEADER_BYTES;
    if (length > room) {
      return "fragment length " + length + " exceeds the " + room + " bytes left in its page";
    }
    int stored = page.get(WalFormat.U32, at + WalFormat.CRC_AT);
    int computed = WalFormat.checksum(page, at, length, crc);
    if (stored != computed) {
      return "checksum mismatch (stored 0x" + Integer.toHexString(stored) + ", computed 0x"
          + Integer.toHexString(computed) + ")";
    }
    if (type < WalFormat.TYPE_FULL || type > WalFormat.TYPE_MAX || reserved != 0) {
      return "unknown fragment type " + type + " (reserved byte " + reserved + ")";
    }
    if (generation <= 0) {
      return "generation " + Integer.toUnsignedString(generation) + " out of range";
    }
    if (type == WalFormat.TYPE_PAD && length != room) {
      return "PAD of " + length + " bytes does not reach the end of its page (" + room + ")";
    }
    return null;
  }

  /** What {@link #decode} returns for an all-zero header. */
  static final String ZEROS = "zeros";

  static boolean isZero(MemorySegment page, long at, long length) {
    for (long i = at; i < at + length; i++) {
      if (page.get(ValueLayout.JAVA_BYTE, i) != 0) {
        return false;
      }
    }
    return true;
  }
}
