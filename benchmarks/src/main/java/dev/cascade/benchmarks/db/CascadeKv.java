package dev.cascade.benchmarks.db;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Compression;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.ShardProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link KvStore} over a {@link CascadeDb} with the default shard count, LZ4, 10-bit bloom filters and the cache
 * and memtable sizes of its {@link KvConfig}. Iterators hand entries over in batches of
 * {@link #ITERATOR_BATCH_ENTRIES}, enough for a seek and 100 nexts in one hand-off.
 *
 * <p>Thread-safe.
 */
public final class CascadeKv implements KvStore {
  public static final int ITERATOR_BATCH_ENTRIES = 128;
  /** How long the compaction counters must stay still, with no debt, before the store counts as quiet. */
  static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final CascadeDb db;
  private final ReadOptions scanOptions = ReadOptions.defaults().withBatchEntries(ITERATOR_BATCH_ENTRIES);

  private CascadeKv(CascadeDb db) {
    this.db = db;
  }

  static CascadeKv open(Path dir, KvConfig config) {
    Options options = Options.builder()
        .cacheBytes(config.cacheBytes())
        .memtableBytes(config.memtableBytes())
        .compression(Compression.LZ4)
        .bloomBitsPerKey(KvConfig.BLOOM_BITS_PER_KEY)
        .build();
    return new CascadeKv(CascadeDb.open(dir, options));
  }

  @Override
  public String engine() {
    return CASCADE;
  }

  @Override
  public void put(byte[] key, byte[] value, Durability durability) {
    db.put(key, value, durability);
  }

  @Override
  public byte[] get(byte[] key) {
    return db.get(key);
  }

  @Override
  public byte[] getHandOff(byte[] key) {
    return db.getAsync(key).join();
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) {
    return db.multiGet(keys);
  }

  @Override
  public long seekAndNext(byte[] start, int nexts) {
    long bytes = 0;
    try (DbIterator it = db.iterator(scanOptions)) {
      it.seek(start);
      for (int i = 0; i <= nexts && it.valid(); i++) {
        bytes += it.key().length + it.value().length;
        if (i < nexts) {
          it.next();
        }
      }
    }
    return bytes;
  }

  @Override
  public void flush() {
    db.flush();
  }

  @Override
  public boolean awaitCompactions(long timeoutNanos) {
    return awaitQuiet(db, timeoutNanos);
  }

  /**
   * Cascade has no "wait for compactions" call: quiet means no frozen memtable, no compaction debt, and the
   * flush and compaction counts unchanged for {@link #QUIET_NANOS}; false when {@code timeoutNanos} passed first.
   * Also used by the SQL benchmark on the engine under its tables.
   */
  public static boolean awaitQuiet(CascadeDb db, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    long lastWork = -1;
    long stillSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      ShardProperties total = db.properties().total();
      long work = total.flushes() + total.compactions();
      boolean idle = total.immutableMemtables() == 0 && total.compactionDebtBytes() == 0;
      if (work != lastWork || !idle) {
        lastWork = work;
        stillSince = System.nanoTime();
      } else if (System.nanoTime() - stillSince >= QUIET_NANOS) {
        return true;
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    return false;
  }

  @Override
  public StoreCounters counters() {
    ShardProperties t = db.properties().total();
    long sstBytes = 0;
    for (long b : t.bytesPerLevel()) {
      sstBytes += b;
    }
    return new StoreCounters(t.userBytesWritten(), t.walBytesWritten(), t.flushBytesWritten(),
        t.compactionBytesWritten(), t.liveSstBytes(), sstBytes, t.writeAmplification());
  }

  @Override
  public String statsText() {
    return db.options() + "\n" + db.properties();
  }

  @Override
  public void close() {
    db.close();
  }
}
