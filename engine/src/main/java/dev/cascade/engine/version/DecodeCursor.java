package dev.cascade.engine.version;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.key.Limits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads the little-endian fields of a version file's body and turns every short read or out-of-range length
 * into a {@link CorruptionException} naming the file and the absolute offset of the bad field, so that decoders
 * never index past the data they were given nor allocate for a length nobody checked.
 *
 * <p>Thread ownership: owned by the decoding thread.
 */
public final class DecodeCursor {
  private final Path file;
  private final long baseOffset;
  private final ByteBuffer buf;

  /**
   * A cursor over {@code bytes[from, to)}, where {@code bytes[from]} lies at {@code fileOffset} in {@code file}.
   */
  public DecodeCursor(Path file, long fileOffset, byte[] bytes, int from, int to) {
    this.file = file;
    this.baseOffset = fileOffset;
    this.buf = ByteBuffer.wrap(bytes, from, to - from).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Absolute file offset of the next field. */
  public long offset() {
    return baseOffset + buf.position();
  }

  public int remaining() {
    return buf.remaining();
  }

  public long u64(String what) {
    need(Long.BYTES, what);
    return buf.getLong();
  }

  public int u32(String what) {
    need(Integer.BYTES, what);
    return buf.getInt();
  }

  public int u16(String what) {
    need(Short.BYTES, what);
    return Short.toUnsignedInt(buf.getShort());
  }

  /** A u32 count checked against {@code max} (inclusive) before anyone allocates for it. */
  public int count(String what, int max) {
    long at = offset();
    long n = Integer.toUnsignedLong(u32(what));
    if (n > max) {
      throw corrupt(at, what + " " + n + " exceeds its maximum " + max);
    }
    return (int) n;
  }

  /** A u64 checked to lie in {@code [min, max]}. */
  public long u64InRange(String what, long min, long max) {
    long at = offset();
    long v = u64(what);
    if (v < min || v > max) {
      throw corrupt(at, what + " " + Long.toUnsignedString(v) + " outside [" + min + ", " + max + "]");
    }
    return v;
  }

  /** A u16 length then that many bytes: a user key of at most {@link Limits#KEY_BYTES_MAX} bytes. */
  public byte[] key(String what) {
    long at = offset();
    int n = u16(what + " length");
    if (n > Limits.KEY_BYTES_MAX) {
      throw corrupt(at, what + " length " + n + " exceeds KEY_BYTES_MAX " + Limits.KEY_BYTES_MAX);
    }
    need(n, what);
    byte[] out = new byte[n];
    buf.get(out);
    return out;
  }

  /** A corruption at {@code fileOffset} in this cursor's file. */
  public CorruptionException corrupt(long fileOffset, String detail) {
    return new CorruptionException(file, fileOffset, VersionCodec.BLOCK_KIND, detail);
  }

  private void need(int n, String what) {
    if (buf.remaining() < n) {
      throw corrupt(offset(), what + " needs " + n + " bytes, only " + buf.remaining() + " left");
    }
  }
}
