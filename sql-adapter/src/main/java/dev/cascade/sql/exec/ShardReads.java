package dev.cascade.sql.exec;

import dev.cascade.engine.ReadOptions;

/**
 * Restricts a read to the one shard that holds its key range, when the range fixes the partition key (-1: the range
 * spans every shard).
 *
 * <p>Stateless.
 */
final class ShardReads {
  private ShardReads() {
  }

  static ReadOptions restrict(ReadOptions options, int shard) {
    return shard < 0 ? options : options.withShard(shard);
  }
}
