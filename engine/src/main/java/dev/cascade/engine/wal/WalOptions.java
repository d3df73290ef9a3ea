package dev.cascade.engine.wal;

/**
 * Options of one shard's WAL (engine/docs/wal-format.md). Immutable.
 *
 * @param segmentBytes size of each segment file a new ring creates, a multiple of 4096 in
 *     [{@link #SEGMENT_BYTES_MIN}, {@link #SEGMENT_BYTES_MAX}] (existing segments keep their size)
 * @param segmentCount segments created with the ring, at least 2
 * @param segmentCountMax most segments the ring may grow to when records are not retired fast enough
 * @param directIo open segments with O_DIRECT (falls back to buffered I/O, still in whole pages, where the file
 *     system refuses it)
 * @param zeroFill new segments are written with zeros and synced, so that synced writes find written extents (for
 *     a WAL that syncs its groups); otherwise they are extended as sparse files, which costs no I/O
 */
public record WalOptions(long segmentBytes, int segmentCount, int segmentCountMax, boolean directIo,
    boolean zeroFill) {
  /** A segment holds its LINK page and at least one page of records. */
  public static final long SEGMENT_BYTES_MIN = 2L * WalFormat.PAGE_BYTES;
  /** Offsets within a segment must fit the 32 bits of a {@link WalPosition}; 1 GiB also caps one transfer. */
  public static final long SEGMENT_BYTES_MAX = 1L << 30;
  /** Largest ring. */
  public static final int SEGMENT_COUNT_MAX = 1024;

  /** Options whose new segments are zero-filled. */
  public WalOptions(long segmentBytes, int segmentCount, int segmentCountMax, boolean directIo) {
    this(segmentBytes, segmentCount, segmentCountMax, directIo, true);
  }

  public WalOptions {
    if (segmentBytes < SEGMENT_BYTES_MIN || segmentBytes > SEGMENT_BYTES_MAX
        || segmentBytes % WalFormat.PAGE_BYTES != 0) {
      throw new IllegalArgumentException("WAL segmentBytes must be a multiple of " + WalFormat.PAGE_BYTES + " in ["
          + SEGMENT_BYTES_MIN + ", " + SEGMENT_BYTES_MAX + "]: " + segmentBytes);
    }
    if (segmentCount < 2 || segmentCountMax < segmentCount || segmentCountMax > SEGMENT_COUNT_MAX) {
      throw new IllegalArgumentException("WAL needs 2 <= segmentCount <= segmentCountMax <= " + SEGMENT_COUNT_MAX
          + ": segmentCount " + segmentCount + ", segmentCountMax " + segmentCountMax);
    }
  }

  /** 16 MiB segments, 4 of them, growing to at most 64 (1 GiB), O_DIRECT, zero-filled. */
  public static WalOptions defaults() {
    return new WalOptions(16L << 20, 4, 64, true);
  }

  public WalOptions withSegmentBytes(long bytes) {
    return new WalOptions(bytes, segmentCount, segmentCountMax, directIo, zeroFill);
  }

  public WalOptions withSegmentCount(int count, int countMax) {
    return new WalOptions(segmentBytes, count, countMax, directIo, zeroFill);
  }

  public WalOptions withZeroFill(boolean zeros) {
    return new WalOptions(segmentBytes, segmentCount, segmentCountMax, directIo, zeros);
  }

  public WalOptions withDirectIo(boolean direct) {
    return new WalOptions(segmentBytes, segmentCount, segmentCountMax, direct, zeroFill);
  }

  @Override
  public String toString() {
    return "WalOptions[segments " + segmentCount + " x " + segmentBytes + " bytes, growing to " + segmentCountMax
        + (directIo ? ", O_DIRECT" : ", buffered") + (zeroFill ? ", zero-filled" : ", sparse") + "]";
  }
}
