package dev.cascade.engine.sstable;

/**
 * How a data block's payload is compressed. The byte {@link #code()} is stored in every block header, so codes
 * never change meaning. A block whose compressed form would not be smaller is stored {@link #NONE} whatever the
 * file's option says, so a reader always goes by the header's code.
 *
 * <p>Immutable.
 */
public enum Compression {
  /** Stored as is. */
  NONE(0),
  /** LZ4 block format (lz4-java, pure-Java instance so that output is the same on every machine). */
  LZ4(1),
  /** Zstandard frame (zstd-jni), level from {@link SstOptions#zstdLevel()}. */
  ZSTD(2);

  private static final Compression[] BY_CODE = {NONE, LZ4, ZSTD};

  private final int code;

  Compression(int code) {
    this.code = code;
  }

  /** The stored byte. */
  public int code() {
    return code;
  }

  /** The compression with stored byte {@code code}, or null when unknown (the caller reports corruption). */
  public static Compression ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
