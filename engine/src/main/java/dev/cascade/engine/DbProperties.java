package dev.cascade.engine;

import java.util.List;

/**
 * Properties of every shard and their total (shard index -1).
 *
 * <p>Immutable.
 */
public record DbProperties(List<ShardProperties> shards, ShardProperties total) {
  public DbProperties {
    shards = List.copyOf(shards);
  }

  /** Sums the shards into a total. */
  public static DbProperties of(List<ShardProperties> shards) {
    int levels = shards.isEmpty() ? 0 : shards.getFirst().filesPerLevel().length;
    long[] files = new long[levels];
    long[] bytes = new long[levels];
    long[] s = new long[17];
    int frozen = 0;
    for (ShardProperties p : shards) {
      for (int i = 0; i < levels; i++) {
        files[i] += p.filesPerLevel()[i];
        bytes[i] += p.bytesPerLevel()[i];
      }
      frozen += p.immutableMemtables();
      long[] v = {p.memtableBytes(), p.cacheHits(), p.cacheMisses(), p.cacheCapacityBytes(), p.compactionDebtBytes(),
          p.userBytesWritten(), p.walBytesWritten(), p.flushBytesWritten(), p.compactionBytesRead(),
          p.compactionBytesWritten(), p.flushes(), p.compactions(), p.stallSlowdowns(), p.stallStops(),
          p.stallNanos(), p.liveSstBytes(), 0};
      for (int i = 0; i < v.length; i++) {
        s[i] += v[i];
      }
    }
    ShardProperties total = new ShardProperties(-1, s[0], frozen, files, bytes, s[1], s[2], s[3], s[4], s[5], s[6],
        s[7], s[8], s[9], s[10], s[11], s[12], s[13], s[14], s[15]);
    return new DbProperties(shards, total);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(total.toString());
    for (ShardProperties p : shards) {
      b.append('\n').append(p);
    }
    return b.toString();
  }
}
