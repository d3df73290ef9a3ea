package dev.cascade.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Cascade store: an ordered map of byte-string keys to byte-string values, partitioned over shards (one thread
 * each), durable through per-shard WALs, kept in log-structured merge trees. Keys compare as unsigned bytes.
 *
 * <p>Reads see the latest visible state (or a {@link Snapshot}); writes return once they are durable as their
 * {@link Durability} promises and visible to every later read. A {@link WriteBatch} is atomic across shards. Not
 * found is a null return. Errors are unchecked: {@link StorageIoException}, {@link CorruptionException},
 * {@link ReadOnlyException} (after a failed WAL write or sync every write is refused; reads go on), and
 * {@link IllegalArgumentException} for bad arguments (key or value too large, batch beyond its bound).
 *
 * <p>Thread-safe. Synchronous methods must not be called from a shard's own thread.
 */
public interface CascadeDb extends AutoCloseable {

  /**
   * Opens the store in {@code dir}, creating it if it does not exist (and {@link Options#createIfMissing()}),
   * recovering from its WALs after a crash. The directory is locked for this process: a second opener gets a
   * clear error naming the holder.
   */
  static CascadeDb open(Path dir, Options options) {
    return dev.cascade.engine.store.Store.open(dir, options);
  }

  void put(byte[] key, byte[] value);

  void put(byte[] key, byte[] value, Durability durability);

  /** The value, or null when absent. */
  byte[] get(byte[] key);

  byte[] get(byte[] key, Snapshot snapshot);

  void delete(byte[] key);

  void delete(byte[] key, Durability durability);

  /** Deletes every key in {@code [start, end)}. */
  void deleteRange(byte[] start, byte[] end);

  void deleteRange(byte[] start, byte[] end, Durability durability);

  void write(WriteBatch batch);

  void write(WriteBatch batch, Durability durability);

  /** Values of {@code keys} (null where absent) at one snapshot, in the order given; one hand-off per shard. */
  List<byte[]> multiGet(List<byte[]> keys);

  List<byte[]> multiGet(List<byte[]> keys, Snapshot snapshot);

  CompletableFuture<Void> putAsync(byte[] key, byte[] value);

  CompletableFuture<byte[]> getAsync(byte[] key);

  CompletableFuture<Void> deleteAsync(byte[] key);

  CompletableFuture<Void> writeAsync(WriteBatch batch, Durability durability);

  CompletableFuture<List<byte[]>> multiGetAsync(List<byte[]> keys);

  /**
   * Whether any entry, of any sequence and kind (deletions included), may have a key in {@code [lowest, highest]}
   * (both inclusive): false only when none can, judged from the key ranges of the memtables and files without
   * reading a page. So false means no key in the range is live at any snapshot; true means look. A load in key
   * order past a table's last row uses it to skip a lookup per key.
   */
  boolean mayHaveKeysIn(byte[] lowest, byte[] highest);

  /** The current visibility watermark as a snapshot; close it when done. */
  Snapshot snapshot();

  DbIterator iterator(ReadOptions options);

  /** Freezes every shard's memtable and waits until all are written to SSTs. */
  void flush();

  /** Compacts every level's files overlapping {@code [lo, hi]} (null: unbounded) down to the last level with data. */
  void compactRange(byte[] lo, byte[] hi);

  DbProperties properties();

  int shardCount();

  Options options();

  /** The directory of the store. */
  Path directory();

  /** Waits for in-flight writes, flushes nothing (the WALs hold the memtables), closes files and releases the lock. */
  @Override
  void close();
}
