package dev.cascade.benchmarks;

import dev.cascade.benchmarks.db.KeyValues;
import dev.cascade.benchmarks.db.KvConfig;
import dev.cascade.benchmarks.db.KvStore;
import dev.cascade.benchmarks.db.Loader;
import dev.cascade.benchmarks.db.StoreDirs;
import dev.cascade.engine.Durability;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * db_bench's rows, Cascade against RocksDB in the same run: {@code -p engine=cascade} and {@code -p
 * engine=rocksdb}, both through {@link KvStore} and configured alike by {@link KvConfig} (LZ4, 10-bit bloom
 * filters, the same cache holding data, index and filter blocks (RocksDB's partitioned like Cascade's), no OS
 * page cache on reads, WAL on, same sync mode:
 * BUFFERED is RocksDB's {@code sync=false}, SYNC its {@code sync=true}). Keys are 16 bytes, values 100 bytes that
 * compress to half ({@link KeyValues}). Every trial gets a fresh store in a new directory under {@code /tmp} (or
 * {@code -Dcascade.bench.dir}), deleted at teardown. Cascade has its default shard count; RocksDB two background
 * jobs. Throughput in operations per second; {@code _t1}/{@code _t2}/{@code _t8} is the number of client threads.
 *
 * <p>Rows:
 * <ul>
 *   <li>{@code fillseq_t1/_t2}: BUFFERED puts of ascending keys into an empty store (one shared counter).
 *   <li>{@code fillrandom_t1/_t2}: BUFFERED puts of uniformly random keys in {@code [0, fillKeys)} into an empty
 *       store (duplicates happen, as in db_bench).
 *   <li>{@code overwrite_t1/_t2}: BUFFERED puts of random keys of a store preloaded with {@code keys} entries.
 *   <li>{@code fillrandomsync_t8}: SYNC puts of random keys from 8 threads: group commit.
 *   <li>{@code readrandomhandoff_t1}: readrandom_t1, but Cascade hands every get to its shard's thread
 *       ({@code getAsync().join()}) instead of running it on the caller when the shard is idle: the hand-off cost
 *       that {@code callDirect} saves (RocksDB: the same plain get).
 *   <li>{@code readrandom_t1/_t2}: gets of random keys of a store of {@code keys} entries (about 23 MiB of user
 *       data; written once each in random order, flushed, compactions waited for, then scanned once in full to
 *       warm the cache) that fits its {@code cacheMiB} cache. Each trial prints the live SST size it loaded.
 *   <li>{@code readrandom4xcache_t1/_t2}: the same with {@code bigKeys} entries (about 70 MiB of user data, some
 *       40 MiB of SSTs after LZ4) and a {@code bigCacheMiB} cache, not warmed: data about 5x the cache.
 *   <li>{@code seekrandom_t1}: a new iterator per operation (Cascade's with batches of 128 entries), a seek to a
 *       random key, then 100 nexts, reading every key and value.
 *   <li>{@code readwhilewriting}: a JMH group, {@code reader} threads (1) doing readrandom on the preloaded store
 *       while one {@code writer} thread overwrites random keys; JMH reports each and their sum. {@code -tg 2,1}
 *       runs two readers.
 *   <li>{@code multiget64_t1}: Cascade {@code multiGet} / RocksDB {@code multiGetAsList} of 64 random keys; the
 *       score is keys per second (64 per call), comparable with readrandom.
 * </ul>
 * Read rows fail if a preloaded key is not found, so a wrong engine cannot look fast.
 *
 * <p>Run: {@code benchmarks/run DbBench} (all rows, both engines, about 10–15 minutes on 2 cores);
 * {@code benchmarks/run 'DbBench.readrandom_t1' -p engine=rocksdb}; a quick check:
 * {@code benchmarks/run DbBench -p engine=rocksdb -f 1 -wi 1 -i 1 -r 2s}. Sizes are parameters: {@code -p
 * keys=1000000 -p cacheMiB=256}. {@link DbAmplification} measures write and space amplification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class DbBench {
  static final int SEEK_NEXTS = 100;
  static final int MULTIGET_KEYS = 64;
  static final long SEED = 42;

  @Param({KvStore.CASCADE, KvStore.ROCKSDB})
  public String engine;

  /** Entries of the preloaded store of the overwrite, readrandom, seekrandom, multiget and readwhilewriting rows. */
  @Param("200000")
  public int keys;

  /** Cache of every row but readrandom4xcache. */
  @Param("64")
  public int cacheMiB;

  /** Entries of the readrandom4xcache store. */
  @Param("600000")
  public int bigKeys;

  /** Cache of the readrandom4xcache rows. */
  @Param("8")
  public int bigCacheMiB;

  /** Key space of the fillrandom rows. */
  @Param("10000000")
  public long fillKeys;

  /** A store and its directory, for one trial. */
  abstract static class Db {
    Path dir;
    KvStore kv;

    /** Opens a fresh store and loads {@code n} keys; on failure removes what it made, so no teardown is needed. */
    void open(String engine, String prefix, int cacheMiB, int n, boolean warm) {
      dir = StoreDirs.create(prefix);
      try {
        kv = KvStore.open(engine, dir, KvConfig.ofCacheMiB(cacheMiB));
        if (n > 0) {
          Loader.load(kv, n, SEED);
        }
        if (warm) {
          Loader.warm(kv, n);
        }
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    void close() {
      try {
        if (kv != null) {
          kv.close();
        }
      } finally {
        kv = null;
        StoreDirs.delete(dir);
        dir = null;
      }
    }
  }

  /** An empty store, for the fill rows. */
  @State(Scope.Benchmark)
  public static class EmptyDb extends Db {
    final AtomicLong nextKey = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp(DbBench b) {
      open(b.engine, "db-bench-empty-", b.cacheMiB, 0, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /** {@code keys} entries in a {@code cacheMiB} cache, warmed by one full scan. */
  @State(Scope.Benchmark)
  public static class LoadedDb extends Db {
    @Setup(Level.Trial)
    public void setUp(DbBench b) {
      open(b.engine, "db-bench-loaded-", b.cacheMiB, b.keys, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /** {@code bigKeys} entries in a {@code bigCacheMiB} cache, not warmed (it cannot hold them). */
  @State(Scope.Benchmark)
  public static class BigDb extends Db {
    @Setup(Level.Trial)
    public void setUp(DbBench b) {
      open(b.engine, "db-bench-big-", b.bigCacheMiB, b.bigKeys, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      close();
    }
  }

  /** One client thread's random stream, value source and reusable read keys. */
  @State(Scope.Thread)
  public static class Client {
    SplittableRandom random;
    KeyValues values;
    final byte[] readKey = new byte[KeyValues.KEY_BYTES];
    final List<byte[]> multiKeys = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
      long seed = SEED * 31 + Thread.currentThread().threadId();
      random = new SplittableRandom(seed);
      values = new KeyValues(seed);
      for (int i = 0; i < MULTIGET_KEYS; i++) {
        multiKeys.add(new byte[KeyValues.KEY_BYTES]);
      }
    }
  }

  // ---- writes

  @Benchmark
  @Threads(1)
  public void fillseq_t1(EmptyDb db, Client c) {
    fillseq(db, c);
  }

  @Benchmark
  @Threads(2)
  public void fillseq_t2(EmptyDb db, Client c) {
    fillseq(db, c);
  }

  @Benchmark
  @Threads(1)
  public void fillrandom_t1(EmptyDb db, Client c) {
    putRandom(db, c, fillKeys, Durability.BUFFERED);
  }

  @Benchmark
  @Threads(2)
  public void fillrandom_t2(EmptyDb db, Client c) {
    putRandom(db, c, fillKeys, Durability.BUFFERED);
  }

  @Benchmark
  @Threads(1)
  public void overwrite_t1(LoadedDb db, Client c) {
    putRandom(db, c, keys, Durability.BUFFERED);
  }

  @Benchmark
  @Threads(2)
  public void overwrite_t2(LoadedDb db, Client c) {
    putRandom(db, c, keys, Durability.BUFFERED);
  }

  @Benchmark
  @Threads(8)
  public void fillrandomsync_t8(EmptyDb db, Client c) {
    putRandom(db, c, fillKeys, Durability.SYNC);
  }

  // ---- point reads

  @Benchmark
  @Threads(1)
  public byte[] readrandom_t1(LoadedDb db, Client c) {
    return getRandom(db, c, keys);
  }

  @Benchmark
  @Threads(2)
  public byte[] readrandom_t2(LoadedDb db, Client c) {
    return getRandom(db, c, keys);
  }

  /** readrandom_t1 with every Cascade get handed to its shard (no callDirect): the hand-off's cost. */
  @Benchmark
  @Threads(1)
  public byte[] readrandomhandoff_t1(LoadedDb db, Client c) {
    KeyValues.fillKey(c.readKey, c.random.nextInt(keys));
    byte[] value = db.kv.getHandOff(c.readKey);
    if (value == null) {
      throw notFound(db, c.readKey);
    }
    return value;
  }

  @Benchmark
  @Threads(1)
  public byte[] readrandom4xcache_t1(BigDb db, Client c) {
    return getRandom(db, c, bigKeys);
  }

  @Benchmark
  @Threads(2)
  public byte[] readrandom4xcache_t2(BigDb db, Client c) {
    return getRandom(db, c, bigKeys);
  }

  // ---- scans, mixed, batched

  @Benchmark
  @Threads(1)
  public long seekrandom_t1(LoadedDb db, Client c) {
    KeyValues.fillKey(c.readKey, c.random.nextInt(keys));
    long bytes = db.kv.seekAndNext(c.readKey, SEEK_NEXTS);
    if (bytes == 0) {
      throw new IllegalStateException(db.kv.engine() + ": seek to a loaded key found nothing");
    }
    return bytes;
  }

  @Benchmark
  @Group("readwhilewriting")
  @GroupThreads(1)
  public byte[] reader(LoadedDb db, Client c) {
    return getRandom(db, c, keys);
  }

  @Benchmark
  @Group("readwhilewriting")
  @GroupThreads(1)
  public void writer(LoadedDb db, Client c) {
    putRandom(db, c, keys, Durability.BUFFERED);
  }

  @Benchmark
  @Threads(1)
  @OperationsPerInvocation(MULTIGET_KEYS)
  public List<byte[]> multiget64_t1(LoadedDb db, Client c) {
    for (byte[] key : c.multiKeys) {
      KeyValues.fillKey(key, c.random.nextInt(keys));
    }
    List<byte[]> values = db.kv.multiGet(c.multiKeys);
    for (int i = 0; i < MULTIGET_KEYS; i++) {
      if (values.get(i) == null) {
        throw notFound(db, c.multiKeys.get(i));
      }
    }
    return values;
  }

  static void fillseq(EmptyDb db, Client c) {
    db.kv.put(KeyValues.key(db.nextKey.getAndIncrement()), c.values.nextValue(), Durability.BUFFERED);
  }

  static void putRandom(Db db, Client c, long keySpace, Durability durability) {
    db.kv.put(KeyValues.key(c.random.nextLong(keySpace)), c.values.nextValue(), durability);
  }

  static byte[] getRandom(Db db, Client c, int keySpace) {
    KeyValues.fillKey(c.readKey, c.random.nextInt(keySpace));
    byte[] value = db.kv.get(c.readKey);
    if (value == null) {
      throw notFound(db, c.readKey);
    }
    return value;
  }

  static IllegalStateException notFound(Db db, byte[] key) {
    return new IllegalStateException(db.kv.engine() + ": loaded key " + java.util.HexFormat.of().formatHex(key)
        + " not found");
  }
}
