package dev.cascade.benchmarks;

import dev.cascade.benchmarks.db.KeyValues;
import dev.cascade.benchmarks.db.KvConfig;
import dev.cascade.benchmarks.db.KvStore;
import dev.cascade.benchmarks.db.Loader;
import dev.cascade.benchmarks.db.StoreCounters;
import dev.cascade.benchmarks.db.StoreDirs;
import dev.cascade.engine.Durability;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Write and space amplification, Cascade against RocksDB in the same run ({@code -p engine=cascade},
 * {@code -p engine=rocksdb}), configured alike as in {@link DbBench}: one thread writes {@code keys} entries
 * (16-byte keys, 100-byte half-compressible values) in a random order, each key once, BUFFERED through the WAL;
 * then the store is flushed and left to finish its compactions. The score is the time of all that (one shot).
 * After it, each engine's own counters are printed:
 * <ul>
 *   <li>write amplification = (WAL bytes + flush bytes + compaction bytes written) / user data, where user data
 *       is {@code keys} × 116 bytes for both engines (Cascade's own figure, over its own user-byte count, is
 *       printed beside it). Cascade's counters come from {@code DbProperties}; RocksDB's from its statistics
 *       tickers (WAL_FILE_BYTES, FLUSH_WRITE_BYTES, COMPACT_WRITE_BYTES, BYTES_WRITTEN), which are the numbers
 *       behind the "Cumulative WAL" and compaction "Write(GB)" lines of {@code rocksdb.stats}, printed after them
 *       as a cross-check;
 *   <li>space amplification = live SST bytes / ({@code keys} × 116 bytes): Cascade's {@code liveSstBytes},
 *       RocksDB's {@code rocksdb.live-sst-files-size} (and {@code rocksdb.total-sst-files-size} beside it).
 * </ul>
 * Both engines keep their own LSM shape defaults (level sizes, L0 triggers, file sizes), which is part of what
 * is compared.
 *
 * <p>Run: {@code benchmarks/run DbAmplification} (10,000,000 keys, 1.16 GB of user data; about ten minutes for
 * RocksDB on the 2-core development VM); {@code benchmarks/run DbAmplification -p keys=1000000} is a quick run
 * (about a minute per engine). One shot per trial: do not add warmup iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class DbAmplification {
  static final long SEED = 7;

  @Param({KvStore.CASCADE, KvStore.ROCKSDB})
  public String engine;

  /** Entries written; 1000000 is a quick run. */
  @Param("10000000")
  public int keys;

  @Param("256")
  public int cacheMiB;

  private Path dir;
  private KvStore kv;
  private int[] order;
  private KeyValues values;
  private boolean filled;

  @Setup(Level.Trial)
  public void setUp() {
    order = KeyValues.shuffled(keys, SEED);
    values = new KeyValues(SEED);
    dir = StoreDirs.create("db-amplification-");
    try {
      kv = KvStore.open(engine, dir, KvConfig.ofCacheMiB(cacheMiB).withStatistics());
    } catch (RuntimeException | Error e) {
      StoreDirs.delete(dir);
      throw e;
    }
  }

  @Benchmark
  public long fillrandom() {
    if (filled) {
      throw new IllegalStateException("DbAmplification is one shot per trial: run it without warmup iterations");
    }
    filled = true;
    for (int k : order) {
      kv.put(KeyValues.key(k), values.nextValue(), Durability.BUFFERED);
    }
    Loader.settle(kv);
    return kv.counters().liveSstBytes();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    try {
      if (kv != null) {
        System.out.println(report(kv.counters()));
        System.out.println(kv.statsText());
        kv.close();
      }
    } finally {
      kv = null;
      StoreDirs.delete(dir);
    }
  }

  String report(StoreCounters c) {
    long user = (long) keys * KeyValues.ENTRY_BYTES;
    StringBuilder b = new StringBuilder();
    b.append(String.format("%n%s amplification, %,d keys, %,d B of user data (%d B each)%n", engine, keys, user,
        KeyValues.ENTRY_BYTES));
    b.append(String.format("  user bytes (engine's count)   %,18d%n", c.userBytes()));
    b.append(String.format("  WAL bytes                     %,18d%n", c.walBytes()));
    b.append(String.format("  flush bytes                   %,18d%n", c.flushBytes()));
    b.append(String.format("  compaction bytes written      %,18d%n", c.compactionBytesWritten()));
    b.append(String.format("  live SST bytes                %,18d%n", c.liveSstBytes()));
    b.append(String.format("  total SST bytes               %,18d%n", c.totalSstBytes()));
    b.append(String.format("  write amplification           %18.3f", c.writeAmplification(user)));
    if (!Double.isNaN(c.engineWriteAmplification())) {
      b.append(String.format("   (engine's own: %.3f)", c.engineWriteAmplification()));
    }
    b.append(String.format("%n  space amplification           %18.3f%n", c.spaceAmplification(user)));
    return b.toString();
  }
}
