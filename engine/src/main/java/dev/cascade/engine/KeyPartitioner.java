package dev.cascade.engine;

/**
 * Chooses the shard of a key. Must be a pure function of the key and the shard count: the shard count is fixed
 * when a store is created, and a key must always land on the same shard. The default hashes the whole key; the
 * table layer supplies one that hashes a row's partition-key prefix.
 *
 * <p>Implementations are immutable and thread-safe.
 */
@FunctionalInterface
public interface KeyPartitioner {
  int shardOf(byte[] key, int shardCount);

  /**
   * The default partitioner: xxHash32 of the whole key with its own seed, modulo the shard count. (Not the
   * filters' 64-bit hash: keys of one shard would then share hash bits and crowd the bloom filters.)
   */
  KeyPartitioner HASH = new KeyPartitioner() {
    private static final int SEED = 0x5eed_cade;

    @Override
    public int shardOf(byte[] key, int shardCount) {
      if (shardCount == 1) {
        return 0;
      }
      int h = net.jpountz.xxhash.XXHashFactory.fastestJavaInstance().hash32().hash(key, 0, key.length, SEED);
      return (int) (Integer.toUnsignedLong(h) % shardCount);
    }

    @Override
    public String toString() {
      return "KeyPartitioner.HASH";
    }
  };
}
