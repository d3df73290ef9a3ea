package dev.cascade.engine.memtable;

/**
 * Options of a {@link Memtable}. Start from {@link #defaults()} and change fields with the {@code with...}
 * methods; every constructor call validates, and an invalid value fails with a message naming the option.
 *
 * @param chunkBytes size of one arena chunk, a multiple of 8; entries larger than a quarter of it get a dedicated
 *     chunk of their own size, so at most a quarter of a chunk is ever wasted at a chunk's end
 * @param maxHeight tallest skiplist tower; with the branching factor 4, height h serves about 4^h entries well
 *     (12 is good for 16 million entries)
 *     <p>Immutable.
 */
public record MemtableOptions(int chunkBytes, int maxHeight) {
  public static final int CHUNK_BYTES_MIN = 4096;
  public static final int CHUNK_BYTES_MAX = 1 << 30;
  public static final int CHUNK_BYTES_DEFAULT = 1 << 20;
  public static final int MAX_HEIGHT_MAX = 32;
  public static final int MAX_HEIGHT_DEFAULT = 12;

  public MemtableOptions {
    if (chunkBytes < CHUNK_BYTES_MIN || chunkBytes > CHUNK_BYTES_MAX || chunkBytes % 8 != 0) {
      throw new IllegalArgumentException("MemtableOptions.chunkBytes must be a multiple of 8 between "
          + CHUNK_BYTES_MIN + " and " + CHUNK_BYTES_MAX + ": " + chunkBytes);
    }
    if (maxHeight < 1 || maxHeight > MAX_HEIGHT_MAX) {
      throw new IllegalArgumentException(
          "MemtableOptions.maxHeight must be between 1 and " + MAX_HEIGHT_MAX + ": " + maxHeight);
    }
  }

  public static MemtableOptions defaults() {
    return new MemtableOptions(CHUNK_BYTES_DEFAULT, MAX_HEIGHT_DEFAULT);
  }

  public MemtableOptions withChunkBytes(int v) {
    return new MemtableOptions(v, maxHeight);
  }

  public MemtableOptions withMaxHeight(int v) {
    return new MemtableOptions(chunkBytes, v);
  }

  @Override
  public String toString() {
    return "MemtableOptions[chunkBytes=" + chunkBytes + ", maxHeight=" + maxHeight + "]";
  }
}
