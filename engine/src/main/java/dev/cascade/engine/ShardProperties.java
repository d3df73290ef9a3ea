package dev.cascade.engine;

/**
 * What one shard (or, summed, the whole store) holds and has done since the store opened.
 *
 * <p>Write amplification is bytes written to SSTs and the WAL divided by user bytes written (keys and values of
 * acknowledged writes). Compaction debt is the estimated bytes compaction must rewrite to bring every level
 * within its target. A stall is a write that waited for a flush or compaction (slowdown or stop).
 *
 * <p>Immutable.
 */
public record ShardProperties(
    int shard,
    long memtableBytes,
    int immutableMemtables,
    long[] filesPerLevel,
    long[] bytesPerLevel,
    long cacheHits,
    long cacheMisses,
    long cacheCapacityBytes,
    long compactionDebtBytes,
    long userBytesWritten,
    long walBytesWritten,
    long flushBytesWritten,
    long compactionBytesRead,
    long compactionBytesWritten,
    long flushes,
    long compactions,
    long stallSlowdowns,
    long stallStops,
    long stallNanos,
    long liveSstBytes) {

  /** Bytes written to the WAL and SSTs per user byte written; 0 before any write. */
  public double writeAmplification() {
    return userBytesWritten == 0 ? 0
        : (double) (walBytesWritten + flushBytesWritten + compactionBytesWritten) / userBytesWritten;
  }

  public long totalFiles() {
    long n = 0;
    for (long f : filesPerLevel) {
      n += f;
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder levels = new StringBuilder();
    for (int i = 0; i < filesPerLevel.length; i++) {
      if (filesPerLevel[i] != 0) {
        levels.append(" L").append(i).append('=').append(filesPerLevel[i]).append('/').append(bytesPerLevel[i]).append('B');
      }
    }
    return (shard < 0 ? "total" : "shard " + shard) + ": memtable=" + memtableBytes + "B+" + immutableMemtables
        + " frozen, files:" + (levels.isEmpty() ? " none" : levels) + ", cache hits/misses=" + cacheHits + "/"
        + cacheMisses + ", debt=" + compactionDebtBytes + "B, flushes=" + flushes + ", compactions=" + compactions
        + ", stalls=" + stallSlowdowns + "/" + stallStops + String.format(", write-amp=%.2f", writeAmplification());
  }
}
