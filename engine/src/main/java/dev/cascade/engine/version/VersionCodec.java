package dev.cascade.engine.version;

import dev.cascade.engine.key.RangeTombstone;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The byte image of a version file (engine/docs/version-format.md): a 20-byte header (magic, format version,
 * body length, CRC32C) and the body, which is the whole {@link VersionState}, little-endian with fixed-width
 * fields. The checksum covers the format version, the length and the body, so that any single changed byte is
 * caught: the magic is compared whole and everything after it is under the CRC.
 *
 * <p>Stateless.
 */
public final class VersionCodec {
  /** Block kind named by every {@link dev.cascade.engine.CorruptionException} about a version file. */
  public static final String BLOCK_KIND = "version file";

  /** The first eight bytes of every version file. */
  public static final byte[] MAGIC = "CSCDVERS".getBytes(StandardCharsets.US_ASCII);

  /** The format this code writes, and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  /** Magic (8), format version (4), body length (4), CRC32C (4). */
  public static final int HEADER_BYTES = 20;

  /** Largest body: far above a real state (100 000 files with short keys is about 10 MiB). */
  public static final int STATE_BYTES_MAX = 64 << 20;

  /** Largest whole version file. */
  public static final int FILE_BYTES_MAX = HEADER_BYTES + STATE_BYTES_MAX;

  private static final int VERSION_OFFSET = 8;
  private static final int LENGTH_OFFSET = 12;
  private static final int CRC_OFFSET = 16;

  private VersionCodec() {}

  /**
   * The whole file image of {@code s}.
   *
   * @throws IllegalStateException if the body would exceed {@link #STATE_BYTES_MAX}
   */
  public static byte[] encode(VersionState s) {
    long bodyBytes = bodyBytes(s);
    if (bodyBytes > STATE_BYTES_MAX) {
      throw new IllegalStateException("version state of " + bodyBytes + " bytes exceeds STATE_BYTES_MAX "
          + STATE_BYTES_MAX);
    }
    byte[] image = new byte[HEADER_BYTES + (int) bodyBytes];
    ByteBuffer out = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).putInt(FORMAT_VERSION).putInt((int) bodyBytes).putInt(0);
    out.putInt(s.levelCount()).putLong(s.nextFileNumber()).putLong(s.walReplayFrom()).putLong(s.lastSequence());
    for (List<FileMeta> level : s.levels()) {
      out.putInt(level.size());
      for (FileMeta f : level) {
        f.encodeTo(out);
      }
    }
    out.putInt(s.rangeTombstones().size());
    for (RangeTombstone t : s.rangeTombstones()) {
      out.putShort((short) t.start().length).put(t.start());
      out.putShort((short) t.end().length).put(t.end());
      out.putLong(t.seq());
    }
    if (out.hasRemaining()) {
      throw new AssertionError("version body size mismatch: " + out.remaining() + " bytes left");
    }
    out.putInt(CRC_OFFSET, checksum(image, image.length));
    return image;
  }

  private static long bodyBytes(VersionState s) {
    long n = 4 + 3 * Long.BYTES + 4L * s.levelCount() + 4;
    for (List<FileMeta> level : s.levels()) {
      for (FileMeta f : level) {
        n += f.encodedBytes();
      }
    }
    for (RangeTombstone t : s.rangeTombstones()) {
      n += 2 + t.start().length + 2 + t.end().length + Long.BYTES;
    }
    return n;
  }

  /** CRC32C of the format version, the length and the body: everything after the magic but the CRC itself. */
  private static int checksum(byte[] image, int length) {
    CRC32C crc = new CRC32C();
    crc.update(image, VERSION_OFFSET, CRC_OFFSET - VERSION_OFFSET);
    crc.update(image, HEADER_BYTES, length - HEADER_BYTES);
    return (int) crc.getValue();
  }

  /**
   * Decodes {@code image[0, length)}, the whole content of {@code file}.
   *
   * @throws dev.cascade.engine.CorruptionException on any mismatch: magic, format version, length, checksum,
   *     a count or key length beyond its maximum, an invalid state, trailing bytes
   */
  public static VersionState decode(Path file, byte[] image, int length) {
    DecodeCursor header = new DecodeCursor(file, 0, image, 0, Math.min(length, HEADER_BYTES));
    if (length < HEADER_BYTES) {
      throw header.corrupt(0, "file is " + length + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
    }
    if (!Arrays.equals(image, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw header.corrupt(0, "bad magic (not a version file)");
    }
    ByteBuffer h = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int version = h.getInt(VERSION_OFFSET);
    if (version != FORMAT_VERSION) {
      throw header.corrupt(VERSION_OFFSET, "unknown format version " + Integer.toUnsignedString(version)
          + " (this build reads " + FORMAT_VERSION + ")");
    }
    long bodyBytes = Integer.toUnsignedLong(h.getInt(LENGTH_OFFSET));
    if (bodyBytes > STATE_BYTES_MAX || bodyBytes != length - HEADER_BYTES) {
      throw header.corrupt(LENGTH_OFFSET, "body length " + bodyBytes + " but the file holds "
          + (length - HEADER_BYTES) + " bytes after the header (STATE_BYTES_MAX " + STATE_BYTES_MAX + ")");
    }
    int stored = h.getInt(CRC_OFFSET);
    int computed = checksum(image, length);
    if (stored != computed) {
      throw header.corrupt(CRC_OFFSET, String.format("checksum mismatch (stored 0x%08x, computed 0x%08x)", stored,
          computed));
    }
    return decodeBody(new DecodeCursor(file, HEADER_BYTES, image, HEADER_BYTES, length));
  }

  private static VersionState decodeBody(DecodeCursor in) {
    long start = in.offset();
    int levelCount = in.count("level count", VersionState.LEVELS_MAX);
    long next = in.u64("next file number");
    long wal = in.u64("WAL replay position");
    long last = in.u64("last sequence");
    List<List<FileMeta>> levels = new ArrayList<>(levelCount);
    int total = 0;
    for (int l = 0; l < levelCount; l++) {
      int n = in.count("L" + l + " file count", VersionState.FILES_MAX - total);
      total += n;
      List<FileMeta> files = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        files.add(FileMeta.decodeFrom(in));
      }
      levels.add(files);
    }
    int n = in.count("range tombstone count", VersionState.TOMBSTONES_MAX);
    List<RangeTombstone> tombstones = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long at = in.offset();
      byte[] from = in.key("range tombstone start");
      byte[] to = in.key("range tombstone end");
      long seq = in.u64("range tombstone sequence");
      try {
        tombstones.add(new RangeTombstone(from, to, seq));
      } catch (IllegalArgumentException e) {
        throw in.corrupt(at, "range tombstone: " + e.getMessage());
      }
    }
    if (in.remaining() != 0) {
      throw in.corrupt(in.offset(), in.remaining() + " bytes after the state");
    }
    try {
      return new VersionState(levels, next, wal, last, tombstones);
    } catch (IllegalArgumentException e) {
      throw in.corrupt(start, "invalid state: " + e.getMessage());
    }
  }
}
