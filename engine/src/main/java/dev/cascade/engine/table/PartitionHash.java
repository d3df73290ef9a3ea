package dev.cascade.engine.table;

import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The 4-byte trailer of every table key: xxHash32 of the encoded partition-key columns (or, for a UNIQUE index
 * entry, of the encoded indexed columns). Part of the on-disk format: the seed and the bytes hashed never change.
 *
 * <p>Stateless (the hash instance is thread-safe).
 */
final class PartitionHash {
  static final int SEED = 0x7ab1_e5ed;
  private static final XXHash32 XX = XXHashFactory.fastestJavaInstance().hash32();

  private PartitionHash() {
  }

  static int of(byte[] bytes, int offset, int length) {
    return XX.hash(bytes, offset, length, SEED);
  }

  /** The shard of a hash: unsigned modulo. */
  static int shardOf(int hash, int shardCount) {
    return (int) (Integer.toUnsignedLong(hash) % shardCount);
  }
}
