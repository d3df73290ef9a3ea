package dev.cascade.engine.key;

/**
 * Size limits checked where data enters the engine (the public API, and every length read back from disk).
 *
 * <p>Immutable constants.
 */
public final class Limits {
  /** Longest key in bytes: an index entry (a key and a page number) always fits one 4 KB page. */
  public static final int KEY_BYTES_MAX = 2048;

  /** Longest value in bytes (larger values wait for the value log). */
  public static final int VALUE_BYTES_MAX = 64 << 20;

  /** Largest sequence number: 56 bits, so that a sequence and a kind pack into one long. */
  public static final long SEQUENCE_MAX = (1L << 56) - 1;

  private Limits() {}
}
