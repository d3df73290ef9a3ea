package dev.cascade.benchmarks.db;

import dev.cascade.engine.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteOptions;

/**
 * {@link KvStore} over RocksDB (rocksdbjni) set up like Cascade: LZ4, a 10-bit bloom filter, an LRU block cache
 * of {@link KvConfig#cacheBytes()} that also holds index and filter blocks, partitioned in 4 KiB pieces with the
 * top level pinned (Cascade's SST layout: unpartitioned, one file's whole filter is a single block that a small
 * cache evicts and rereads on every miss), direct reads (so the OS page cache is not a second cache), the WAL
 * on, {@link KvConfig#ROCKSDB_BACKGROUND_JOBS} background jobs. Durability maps to
 * write options: SYNC is {@code sync=true}, BUFFERED {@code sync=false}, NONE {@code disableWAL=true}. Everything
 * else is RocksDB's default.
 *
 * <p>Thread-safe.
 */
public final class RocksKv implements KvStore {
  /** Size of an index or filter partition, as Cascade's partitions are at most one 4 KiB page. */
  static final long METADATA_BLOCK_BYTES = 4096;
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final String[] BUSY_PROPERTIES = {"rocksdb.mem-table-flush-pending", "rocksdb.num-running-flushes",
      "rocksdb.compaction-pending", "rocksdb.num-running-compactions"};

  static {
    RocksDB.loadLibrary();
  }

  /** Every native object this store made, closed in reverse order. */
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Statistics statistics;
  private final WriteOptions syncWrites;
  private final WriteOptions bufferedWrites;
  private final WriteOptions unloggedWrites;
  private final ReadOptions reads;
  private RocksDB db;

  private RocksKv(KvConfig config) {
    statistics = config.statistics() ? own(new Statistics()) : null;
    syncWrites = own(new WriteOptions().setSync(true));
    bufferedWrites = own(new WriteOptions().setSync(false));
    unloggedWrites = own(new WriteOptions().setDisableWAL(true));
    reads = own(new ReadOptions());
  }

  static RocksKv open(Path dir, KvConfig config) {
    RocksKv kv = new RocksKv(config);
    try {
      BlockBasedTableConfig table = new BlockBasedTableConfig()
          .setBlockCache(kv.own(new LRUCache(config.cacheBytes())))
          .setFilterPolicy(kv.own(new BloomFilter(KvConfig.BLOOM_BITS_PER_KEY)))
          .setCacheIndexAndFilterBlocks(true)
          .setCacheIndexAndFilterBlocksWithHighPriority(true)
          .setIndexType(IndexType.kTwoLevelIndexSearch)
          .setPartitionFilters(true)
          .setMetadataBlockSize(METADATA_BLOCK_BYTES)
          .setPinTopLevelIndexAndFilter(true);
      org.rocksdb.Options options = kv.own(new org.rocksdb.Options())
          .setCreateIfMissing(true)
          .setIncreaseParallelism(KvConfig.ROCKSDB_BACKGROUND_JOBS)
          .setMaxBackgroundJobs(KvConfig.ROCKSDB_BACKGROUND_JOBS)
          .setCompressionType(CompressionType.LZ4_COMPRESSION)
          .setUseDirectReads(true)
          .setWriteBufferSize(config.memtableBytes())
          .setTableFormatConfig(table);
      if (kv.statistics != null) {
        options.setStatistics(kv.statistics);
      }
      kv.db = kv.own(RocksDB.open(options, dir.toString()));
      return kv;
    } catch (RocksDBException | RuntimeException e) {
      kv.close();
      throw failure("open " + dir, e);
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  @Override
  public String engine() {
    return ROCKSDB;
  }

  @Override
  public void put(byte[] key, byte[] value, Durability durability) {
    WriteOptions w = switch (durability) {
      case SYNC -> syncWrites;
      case BUFFERED -> bufferedWrites;
      case NONE -> unloggedWrites;
    };
    try {
      db.put(w, key, value);
    } catch (RocksDBException e) {
      throw failure("put", e);
    }
  }

  @Override
  public byte[] get(byte[] key) {
    try {
      return db.get(reads, key);
    } catch (RocksDBException e) {
      throw failure("get", e);
    }
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) {
    try {
      return db.multiGetAsList(reads, keys);
    } catch (RocksDBException e) {
      throw failure("multiGet", e);
    }
  }

  @Override
  public long seekAndNext(byte[] start, int nexts) {
    long bytes = 0;
    try (RocksIterator it = db.newIterator(reads)) {
      it.seek(start);
      for (int i = 0; i <= nexts && it.isValid(); i++) {
        bytes += it.key().length + it.value().length;
        if (i < nexts) {
          it.next();
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("seek", e);
    }
    return bytes;
  }

  @Override
  public void flush() {
    try (FlushOptions f = new FlushOptions().setWaitForFlush(true)) {
      db.flush(f);
    } catch (RocksDBException e) {
      throw failure("flush", e);
    }
  }

  @Override
  public boolean awaitCompactions(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() < deadline) {
      if (!busy()) {
        return true;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return false;
  }

  private boolean busy() {
    try {
      for (String property : BUSY_PROPERTIES) {
        if (db.getLongProperty(property) != 0) {
          return true;
        }
      }
      return false;
    } catch (RocksDBException e) {
      throw failure("getLongProperty", e);
    }
  }

  /** From the statistics tickers (zero unless {@link KvConfig#statistics()}) and the SST size properties. */
  @Override
  public StoreCounters counters() {
    try {
      long live = db.getLongProperty("rocksdb.live-sst-files-size");
      long total = db.getLongProperty("rocksdb.total-sst-files-size");
      if (statistics == null) {
        return new StoreCounters(0, 0, 0, 0, live, total, Double.NaN);
      }
      return new StoreCounters(statistics.getTickerCount(TickerType.BYTES_WRITTEN),
          statistics.getTickerCount(TickerType.WAL_FILE_BYTES),
          statistics.getTickerCount(TickerType.FLUSH_WRITE_BYTES),
          statistics.getTickerCount(TickerType.COMPACT_WRITE_BYTES), live, total, Double.NaN);
    } catch (RocksDBException e) {
      throw failure("getLongProperty", e);
    }
  }

  @Override
  public String statsText() {
    try {
      return db.getProperty("rocksdb.stats");
    } catch (RocksDBException e) {
      throw failure("getProperty", e);
    }
  }

  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        throw failure("close", e);
      }
    }
    resources.clear();
  }

  private static IllegalStateException failure(String what, Exception e) {
    return new IllegalStateException("rocksdb " + what + ": " + e.getMessage(), e);
  }
}
