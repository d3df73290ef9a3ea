package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import java.util.Objects;

/**
 * Options of one SST file as it is written. Readers need none of them: every block names its own compression and
 * every filter its own probe count.
 *
 * <p>Immutable.
 *
 * @param compression data block compression; {@link Compression#LZ4} by default
 * @param bloomBitsPerKey filter bits per distinct key, in {@code [1, BLOOM_BITS_PER_KEY_MAX]}; 10 by default
 *     (about 1% false positives with the cache-line-blocked filter)
 * @param zstdLevel Zstandard level in {@code [ZSTD_LEVEL_MIN, ZSTD_LEVEL_MAX]}, used only with ZSTD; 3 by default
 */
public record SstOptions(Compression compression, int bloomBitsPerKey, int zstdLevel) {
  public static final int BLOOM_BITS_PER_KEY_DEFAULT = 10;
  public static final int BLOOM_BITS_PER_KEY_MAX = 32;
  public static final int ZSTD_LEVEL_DEFAULT = 3;
  public static final int ZSTD_LEVEL_MIN = 1;
  public static final int ZSTD_LEVEL_MAX = 19;

  public SstOptions {
    Objects.requireNonNull(compression, "compression");
    if (bloomBitsPerKey < 1 || bloomBitsPerKey > BLOOM_BITS_PER_KEY_MAX) {
      throw new IllegalArgumentException("bloomBitsPerKey must be in [1, " + BLOOM_BITS_PER_KEY_MAX + "]: "
          + bloomBitsPerKey);
    }
    if (zstdLevel < ZSTD_LEVEL_MIN || zstdLevel > ZSTD_LEVEL_MAX) {
      throw new IllegalArgumentException("zstdLevel must be in [" + ZSTD_LEVEL_MIN + ", " + ZSTD_LEVEL_MAX + "]: "
          + zstdLevel);
    }
  }

  /** LZ4, 10 bits per key, ZSTD level 3. */
  public static SstOptions defaults() {
    return new SstOptions(Compression.LZ4, BLOOM_BITS_PER_KEY_DEFAULT, ZSTD_LEVEL_DEFAULT);
  }

  public SstOptions withCompression(Compression c) {
    return new SstOptions(c, bloomBitsPerKey, zstdLevel);
  }

  public SstOptions withBloomBitsPerKey(int bits) {
    return new SstOptions(compression, bits, zstdLevel);
  }

  public SstOptions withZstdLevel(int level) {
    return new SstOptions(compression, bloomBitsPerKey, level);
  }

  @Override
  public String toString() {
    return "SstOptions[compression=" + compression + (compression == Compression.ZSTD ? " level " + zstdLevel : "")
        + ", bloomBitsPerKey=" + bloomBitsPerKey + "]";
  }
}
