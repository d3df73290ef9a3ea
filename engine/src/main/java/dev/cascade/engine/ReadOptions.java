package dev.cascade.engine;

import java.util.Arrays;

/**
 * How a read or scan runs: at which snapshot, within which bounds, with which filter, in what batch sizes and
 * under which limits, on which shards. A null snapshot means "the latest at the time the read starts". Bounds are
 * {@code [lowerBound, upperBound)}; null means unbounded. {@code shard} restricts an iterator to the keys of one
 * shard (a scan whose keys the caller knows live there, e.g. equality on a table's partition key); -1, the
 * default, means every shard. {@code prefetch} asks a store iterator to fetch each shard's next batch while the
 * caller works through the current one (a scan that will read on, not one that stops after its first batch).
 *
 * <p>Immutable (the bound arrays are copied in).
 */
public record ReadOptions(Snapshot snapshot, byte[] lowerBound, byte[] upperBound, EntryFilter filter,
    int batchEntries, long timeLimitNanos, long entriesMax, int shard, boolean prefetch) {

  /** Most entries one hand-off may carry back from a shard. */
  public static final int BATCH_ENTRIES_MAX = 65_536;

  public static final int BATCH_ENTRIES_DEFAULT = 256;

  /** Iterators pin a snapshot and files: ten minutes by default. */
  public static final long TIME_LIMIT_NANOS_DEFAULT = 600_000_000_000L;

  /** {@link #shard()} of a read over every shard. */
  public static final int ALL_SHARDS = -1;

  public ReadOptions {
    lowerBound = lowerBound == null ? null : lowerBound.clone();
    upperBound = upperBound == null ? null : upperBound.clone();
    if (batchEntries < 1 || batchEntries > BATCH_ENTRIES_MAX) {
      throw new IllegalArgumentException("ReadOptions.batchEntries must be in [1, " + BATCH_ENTRIES_MAX + "], not "
          + batchEntries);
    }
    if (timeLimitNanos <= 0) {
      throw new IllegalArgumentException("ReadOptions.timeLimitNanos must be positive, not " + timeLimitNanos);
    }
    if (entriesMax <= 0) {
      throw new IllegalArgumentException("ReadOptions.entriesMax must be positive, not " + entriesMax);
    }
    if (shard < -1) {
      throw new IllegalArgumentException("ReadOptions.shard must be -1 (all shards) or a shard index, not " + shard);
    }
  }

  /** Every shard. */
  public ReadOptions(Snapshot snapshot, byte[] lowerBound, byte[] upperBound, EntryFilter filter, int batchEntries,
      long timeLimitNanos, long entriesMax) {
    this(snapshot, lowerBound, upperBound, filter, batchEntries, timeLimitNanos, entriesMax, ALL_SHARDS, false);
  }

  /** Latest snapshot, unbounded, no filter, default batch size and time limit, no entry limit. */
  public static ReadOptions defaults() {
    return new ReadOptions(null, null, null, null, BATCH_ENTRIES_DEFAULT, TIME_LIMIT_NANOS_DEFAULT, Long.MAX_VALUE);
  }

  public ReadOptions withSnapshot(Snapshot s) {
    return new ReadOptions(s, lowerBound, upperBound, filter, batchEntries, timeLimitNanos, entriesMax,
        shard, prefetch);
  }

  public ReadOptions withBounds(byte[] lower, byte[] upper) {
    return new ReadOptions(snapshot, lower, upper, filter, batchEntries, timeLimitNanos, entriesMax, shard, prefetch);
  }

  public ReadOptions withFilter(EntryFilter f) {
    return new ReadOptions(snapshot, lowerBound, upperBound, f, batchEntries, timeLimitNanos, entriesMax,
        shard, prefetch);
  }

  public ReadOptions withBatchEntries(int n) {
    return new ReadOptions(snapshot, lowerBound, upperBound, filter, n, timeLimitNanos, entriesMax, shard, prefetch);
  }

  /** Time limit from the iterator's creation, and the most entries it may return. */
  public ReadOptions withLimits(long timeNanos, long entries) {
    return new ReadOptions(snapshot, lowerBound, upperBound, filter, batchEntries, timeNanos, entries, shard, prefetch);
  }

  /**
   * Only the keys of {@code shard} ({@link #ALL_SHARDS}: every shard). The store checks it against its shard
   * count when the iterator is created.
   */
  public ReadOptions withShard(int s) {
    return new ReadOptions(snapshot, lowerBound, upperBound, filter, batchEntries, timeLimitNanos, entriesMax,
        s, prefetch);
  }

  /** Whether iterators fetch each shard's next batch ahead of the caller ({@code false} by default). */
  public ReadOptions withPrefetch(boolean p) {
    return new ReadOptions(snapshot, lowerBound, upperBound, filter, batchEntries, timeLimitNanos, entriesMax, shard,
        p);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReadOptions r && r.snapshot == snapshot && Arrays.equals(r.lowerBound, lowerBound)
        && Arrays.equals(r.upperBound, upperBound) && r.filter == filter && r.batchEntries == batchEntries
        && r.timeLimitNanos == timeLimitNanos && r.entriesMax == entriesMax && r.shard == shard
        && r.prefetch == prefetch;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lowerBound) * 31 + Arrays.hashCode(upperBound);
  }

  @Override
  public String toString() {
    return "ReadOptions[snapshot=" + (snapshot == null ? "latest" : snapshot.sequence())
        + ", lowerBound=" + hex(lowerBound) + ", upperBound=" + hex(upperBound)
        + ", filter=" + (filter == null ? "none" : filter) + ", batchEntries=" + batchEntries
        + ", timeLimit=" + timeLimitNanos / 1_000_000 + "ms, entriesMax="
        + (entriesMax == Long.MAX_VALUE ? "none" : entriesMax) + (shard == ALL_SHARDS ? "" : ", shard=" + shard)
        + (prefetch ? ", prefetch" : "") + "]";
  }

  private static String hex(byte[] b) {
    return b == null ? "none" : java.util.HexFormat.of().formatHex(b);
  }
}
