package dev.cascade.benchmarks.db;

import dev.cascade.engine.Durability;
import java.nio.file.Path;
import java.util.List;

/**
 * The few operations the database benchmarks need, so that each row is written once and runs against Cascade
 * ({@link CascadeKv}) or RocksDB ({@link RocksKv}) configured alike by one {@link KvConfig}. Errors are unchecked
 * (RocksDB's checked exceptions are wrapped in {@link IllegalStateException}).
 *
 * <p>Thread-safe, as both engines are; {@link #close()} only after every other call has returned.
 */
public interface KvStore extends AutoCloseable {
  /** Engine name of {@link CascadeKv}, as the benchmarks' {@code engine} parameter spells it. */
  String CASCADE = "cascade";

  /** Engine name of {@link RocksKv}. */
  String ROCKSDB = "rocksdb";

  /** Opens a new store of {@code engine} ({@link #CASCADE} or {@link #ROCKSDB}) in the empty directory {@code dir}. */
  static KvStore open(String engine, Path dir, KvConfig config) {
    return switch (engine) {
      case CASCADE -> CascadeKv.open(dir, config);
      case ROCKSDB -> RocksKv.open(dir, config);
      default -> throw new IllegalArgumentException("engine must be " + CASCADE + " or " + ROCKSDB + ", not " + engine);
    };
  }

  /** {@link #CASCADE} or {@link #ROCKSDB}. */
  String engine();

  /**
   * Writes one entry. SYNC is an fdatasync'ed WAL write, BUFFERED a WAL write left to the OS, NONE no WAL write;
   * the caller gives up {@code key} and {@code value} (they may be kept, so pass fresh arrays).
   */
  void put(byte[] key, byte[] value, Durability durability);

  /** The value of {@code key}, or null. */
  byte[] get(byte[] key);

  /**
   * A get that always hands the work to the engine's own thread: Cascade's {@code getAsync().join()}, which
   * pays the hand-off that {@link #get} avoids when the shard is idle. Engines without threads of their own
   * (RocksDB) do a plain get.
   */
  default byte[] getHandOff(byte[] key) {
    return get(key);
  }

  /** The values of {@code keys} in order, null where absent. */
  List<byte[]> multiGet(List<byte[]> keys);

  /**
   * Opens an iterator, seeks to {@code start}, then steps {@code nexts} times while it is valid, reading each
   * key and value; returns the bytes of the keys and values read (so the work cannot be optimized away).
   */
  long seekAndNext(byte[] start, int nexts);

  /** Writes every memtable to SSTs and waits until that is done. */
  void flush();

  /**
   * Waits until no flush or compaction is pending or running, at most {@code timeoutNanos}; false when the wait
   * timed out (the caller reports it and goes on).
   */
  boolean awaitCompactions(long timeoutNanos);

  /** What the engine reports it has written and holds; see {@link StoreCounters}. */
  StoreCounters counters();

  /** The engine's own statistics text, for a human reading a run's output. */
  String statsText();

  @Override
  void close();
}
