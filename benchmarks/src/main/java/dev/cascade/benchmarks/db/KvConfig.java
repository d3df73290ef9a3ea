package dev.cascade.benchmarks.db;

/**
 * The settings both engines get alike: cache budget (Cascade's page cache, RocksDB's LRU block cache that also
 * holds index and filter blocks, as Cascade's does), memtable size, and whether the engine keeps the statistics
 * {@link StoreCounters} needs (RocksDB's cost something on every operation, so only the amplification run turns
 * them on). LZ4 compression and 10-bit bloom filters are fixed for both ({@link #BLOOM_BITS_PER_KEY}); reads
 * bypass the OS page cache on both (Cascade always, RocksDB with direct reads) so the cache is the only cache.
 *
 * <p>Immutable.
 */
public record KvConfig(long cacheBytes, long memtableBytes, boolean statistics) {
  public static final int BLOOM_BITS_PER_KEY = 10;

  /** Cascade's and RocksDB's default memtable size. */
  public static final long MEMTABLE_BYTES_DEFAULT = 64L << 20;

  /** RocksDB's background threads (flush and compaction) on this 2-core machine; Cascade's shard does its own. */
  public static final int ROCKSDB_BACKGROUND_JOBS = 2;

  public KvConfig {
    if (cacheBytes < 1 << 20) {
      throw new IllegalArgumentException("cacheBytes must be at least 1 MiB, not " + cacheBytes);
    }
    if (memtableBytes < 1 << 20) {
      throw new IllegalArgumentException("memtableBytes must be at least 1 MiB, not " + memtableBytes);
    }
  }

  public static KvConfig ofCacheMiB(int cacheMiB) {
    return new KvConfig((long) cacheMiB << 20, MEMTABLE_BYTES_DEFAULT, false);
  }

  public KvConfig withStatistics() {
    return new KvConfig(cacheBytes, memtableBytes, true);
  }
}
