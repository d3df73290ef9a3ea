package dev.cascade.benchmarks.db;

/**
 * What an engine reports it has written since it opened and what it holds now, in bytes. {@code userBytes} is
 * the engine's own count of user data written (Cascade: keys and values; RocksDB: write batch bytes, which add
 * a few bytes of framing per entry); {@code engineWriteAmplification} is the engine's own figure, NaN when the
 * engine does not compute one.
 *
 * <p>Immutable.
 */
public record StoreCounters(long userBytes, long walBytes, long flushBytes, long compactionBytesWritten,
    long liveSstBytes, long totalSstBytes, double engineWriteAmplification) {

  /** Bytes written to the WAL and to SSTs (flushes and compactions) per byte of {@code userDataBytes}. */
  public double writeAmplification(long userDataBytes) {
    return (double) (walBytes + flushBytes + compactionBytesWritten) / userDataBytes;
  }

  /** Live SST bytes per byte of {@code userDataBytes}. */
  public double spaceAmplification(long userDataBytes) {
    return (double) liveSstBytes / userDataBytes;
  }
}
