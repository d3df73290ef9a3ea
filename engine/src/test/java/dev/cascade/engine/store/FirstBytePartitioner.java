package dev.cascade.engine.store;

import dev.cascade.engine.KeyPartitioner;

/** A test partitioner that puts a key on shard {@code key[0] % shardCount}, so tests choose shards. */
final class FirstBytePartitioner implements KeyPartitioner {
  static final FirstBytePartitioner INSTANCE = new FirstBytePartitioner();

  @Override
  public int shardOf(byte[] key, int shardCount) {
    return key.length == 0 ? 0 : (key[0] & 0xff) % shardCount;
  }

  @Override
  public String toString() {
    return "FirstBytePartitioner";
  }
}
