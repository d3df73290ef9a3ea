package dev.cascade.engine.wal;

/**
 * A WAL position: a {@code long} that orders every record ever appended to one shard's WAL. The high 32 bits are
 * the record's generation (a number that grows each time the writer starts a segment or resumes after a
 * recovery, so never repeats over the life of the WAL), the low 32 bits the byte offset of the record's first
 * fragment in its segment file. Generations are at most {@link #GENERATION_MAX}, so positions are positive;
 * {@link #NONE} (0) is never the position of a record.
 *
 * <p>Immutable (static methods only).
 */
public final class WalPosition {
  /** No position: the start of the log, before every record. */
  public static final long NONE = 0;

  /** Largest generation, so that a position stays positive. */
  public static final int GENERATION_MAX = Integer.MAX_VALUE;

  private static final int OFFSET_BITS = 32;
  private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

  private WalPosition() {}

  public static long of(long generation, long offsetBytes) {
    if (generation < 0 || generation > GENERATION_MAX || offsetBytes < 0 || offsetBytes > OFFSET_MASK) {
      throw new IllegalArgumentException("bad WAL position: generation " + generation + ", offset " + offsetBytes);
    }
    return (generation << OFFSET_BITS) | offsetBytes;
  }

  public static int generation(long position) {
    return (int) (position >>> OFFSET_BITS);
  }

  public static long offset(long position) {
    return position & OFFSET_MASK;
  }

  /** {@code "g7@8192"}: generation and offset, for messages. */
  public static String toString(long position) {
    return "g" + generation(position) + "@" + offset(position);
  }
}
