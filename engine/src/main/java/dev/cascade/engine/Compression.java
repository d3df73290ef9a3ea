package dev.cascade.engine;

/**
 * How SST data pages are compressed. Each page holds one compressed block; the code byte is stored in every
 * block header, so a store can mix pages written under different settings.
 *
 * <p>Immutable.
 */
public enum Compression {
  NONE(0),
  /** The default: fast to decompress on every cached read. */
  LZ4(1),
  /** Smaller files, slower to decompress. */
  ZSTD(2);

  private final int code;

  Compression(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The compression with stored code {@code code}, or null when unknown (a caller reports corruption). */
  public static Compression ofCode(int code) {
    for (Compression c : values()) {
      if (c.code == code) {
        return c;
      }
    }
    return null;
  }
}
