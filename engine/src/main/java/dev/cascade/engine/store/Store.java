package dev.cascade.engine.store;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.CascadeException;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.DbProperties;
import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.ShardProperties;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.commit.Ledger;
import dev.cascade.engine.commit.SequenceTracker;
import dev.cascade.engine.commit.SnapshotRegistry;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.memtable.MemtableOptions;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.RuntimeOptions;
import dev.cascade.engine.runtime.ShardRuntime;
import dev.cascade.engine.runtime.TaskClass;
import dev.cascade.engine.runtime.ValueTask;
import dev.cascade.engine.sstable.SstOptions;
import dev.cascade.engine.version.LevelOptions;
import dev.cascade.engine.wal.WalOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store: a {@link ShardRuntime} with one {@link ShardStore} per shard, the shared commit state (sequence
 * tracker, snapshot registry, ledger), the directory lock and identity. Calls from outside threads become
 * tasks on the shards; a get is run by the calling thread itself when its shard is idle
 * ({@link ShardRuntime#callDirect}), which saves the hand-off wake-up on cached reads (engine/docs/runtime.md).
 *
 * <p>Thread-safe.
 */
public final class Store implements CascadeDb {
  private static final Logger LOG = Logger.getLogger(Store.class.getName());

  private final Path dir;
  private final Options options;
  private final StoreLock lock;
  private final IoEngine engine;
  private final boolean ownsEngine;
  private final ShardStore[] shards;
  private final SnapshotRegistry snapshots = new SnapshotRegistry();
  private final Ledger ledger = new Ledger();
  private final SstOptions sstOptions;
  private final WalOptions walOptions;
  private final LevelOptions levelOptions;
  private final MemtableOptions memtableOptions;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile SequenceTracker tracker;
  private ShardRuntime runtime;

  private Store(Path dir, Options options, StoreLock lock, IoEngine engine, boolean ownsEngine) {
    this.dir = dir;
    this.options = options;
    this.lock = lock;
    this.engine = engine;
    this.ownsEngine = ownsEngine;
    this.shards = new ShardStore[options.shardCount()];
    this.sstOptions = Stores.sstOptions(options);
    this.walOptions = Stores.walOptions(options);
    this.levelOptions = Stores.levelOptions(options);
    this.memtableOptions = Stores.memtableOptions(options);
  }

  /** See {@link CascadeDb#open}. */
  public static CascadeDb open(Path dir, Options options) {
    Path d = dir.toAbsolutePath().normalize();
    StoreIdentity requested = StoreIdentity.of(options);
    if (!Files.isDirectory(d)) {
      if (!options.createIfMissing()) {
        throw new CascadeException("store directory " + d + " does not exist (Options.createIfMissing is false)");
      }
      dev.cascade.engine.io.FileSystemOps.createDirectories(d);
    }
    StoreLock lock = StoreLock.acquire(d);
    IoEngine engine = null;
    boolean owns = options.ioEngine() == null;
    try {
      StoreIdentity existing = StoreIdentity.read(d);
      if (existing == null) {
        if (!options.createIfMissing()) {
          throw new CascadeException(d + " holds no Cascade store (Options.createIfMissing is false)");
        }
        requested.write(d);
        dev.cascade.engine.io.FileSystemOps.syncDirectory(d);
      } else {
        existing.checkCompatible(d, requested);
      }
      engine = owns ? IoEngines.create(options.ioEngineKind()) : options.ioEngine();
      Store s = new Store(d, options, lock, engine, owns);
      s.start();
      return s;
    } catch (RuntimeException | Error e) {
      if (owns && engine != null) {
        engine.close();
      }
      lock.close();
      throw e;
    }
  }

  private void start() {
    RuntimeOptions ro = RuntimeOptions.defaults().withShardCount(options.shardCount())
        .withPinThreads(options.pinThreads()).withReactorFactory(engine)
        .withBackgroundIoBytesPerSecond(options.compactionBytesPerSecond())
        .withErrorHook((shard, t) -> LOG.log(Level.WARNING, "task on shard " + shard.index() + " failed", t));
    runtime = ShardRuntime.start(ro);
    Recovery recovery = new Recovery();
    try {
      for (int i = 0; i < shards.length; i++) {
        int index = i;
        runtime.call(i, shard -> {
          ShardStore s = new ShardStore(this, index);
          shards[index] = s;
          s.open(shard, recovery);
          return null;
        });
      }
      tracker = new SequenceTracker(recovery.finish(this, runtime));
      for (int i = 0; i < shards.length; i++) {
        int index = i;
        runtime.call(i, shard -> {
          shards[index].stats.userBytesWritten = 0;
          shards[index].maybeFreeze(shard);
          shards[index].scheduleCompaction(shard);
          return null;
        });
      }
    } catch (RuntimeException | Error e) {
      try {
        closeShards();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      runtime.close();
      throw e;
    }
    LOG.fine("opened Cascade store " + dir + " with " + shards.length + " shards on " + engine.kind()
        + " I/O; " + options);
  }

  // ---------------------------------------------------------------- accessors for the shards

  SequenceTracker tracker() {
    return tracker;
  }

  SnapshotRegistry snapshots() {
    return snapshots;
  }

  Ledger ledger() {
    return ledger;
  }

  IoEngine engine() {
    return engine;
  }

  ShardRuntime runtime() {
    return runtime;
  }

  ShardStore shardStore(int i) {
    return shards[i];
  }

  SstOptions sstOptions() {
    return sstOptions;
  }

  WalOptions walOptions() {
    return walOptions;
  }

  LevelOptions levelOptions() {
    return levelOptions;
  }

  MemtableOptions memtableOptions() {
    return memtableOptions;
  }

  void reportBackgroundError(Throwable t) {
    LOG.log(Level.SEVERE, "store " + dir + " failed and is now read-only", t);
  }

  // ---------------------------------------------------------------- CascadeDb: writes

  @Override
  public void put(byte[] key, byte[] value) {
    put(key, value, options.durability());
  }

  @Override
  public void put(byte[] key, byte[] value, Durability durability) {
    write(new WriteBatch().put(key, value), durability);
  }

  @Override
  public void delete(byte[] key) {
    delete(key, options.durability());
  }

  @Override
  public void delete(byte[] key, Durability durability) {
    write(new WriteBatch().delete(key), durability);
  }

  @Override
  public void deleteRange(byte[] start, byte[] end) {
    deleteRange(start, end, options.durability());
  }

  @Override
  public void deleteRange(byte[] start, byte[] end, Durability durability) {
    write(new WriteBatch().deleteRange(start, end), durability);
  }

  @Override
  public void write(WriteBatch batch) {
    write(batch, options.durability());
  }

  @Override
  public void write(WriteBatch batch, Durability durability) {
    long last = writeSync(batch, durability);
    if (last >= 0) {
      tracker.awaitVisible(last);
    }
  }

  /**
   * A synchronous write waits with {@link ShardRuntime#call}, which spins briefly before it parks: a write that
   * completes within the spin saves the caller's own wake-up, and keeps the shard spinning for the next one.
   */
  private long writeSync(WriteBatch batch, Durability durability) {
    Route r = route(batch, durability);
    if (r == null) {
      return -1;
    }
    return r.participants.length == 1
        ? runtime.call(r.participants[0], new WriteTask(shards[r.participants[0]], batch, durability, tracker))
        : runtime.call(r.participants[0], new CrossShardCommit(this, batch, r.shardOfOp, r.participants));
  }

  @Override
  public CompletableFuture<Void> putAsync(byte[] key, byte[] value) {
    return writeAsync(new WriteBatch().put(key, value), options.durability());
  }

  @Override
  public CompletableFuture<Void> deleteAsync(byte[] key) {
    return writeAsync(new WriteBatch().delete(key), options.durability());
  }

  @Override
  public CompletableFuture<Void> writeAsync(WriteBatch batch, Durability durability) {
    return writeAsyncSeq(batch, durability).thenApply(last -> {
      if (last >= 0) {
        tracker.awaitVisible(last);
      }
      return null;
    });
  }

  /** Routes a batch: to its one shard, or through the cross-shard commit on its coordinator. */
  private CompletableFuture<Long> writeAsyncSeq(WriteBatch batch, Durability durability) {
    Route r = route(batch, durability);
    if (r == null) {
      return CompletableFuture.completedFuture(-1L);
    }
    return r.participants.length == 1
        ? runtime.submit(r.participants[0], new WriteTask(shards[r.participants[0]], batch, durability, tracker))
        : runtime.submit(r.participants[0], new CrossShardCommit(this, batch, r.shardOfOp, r.participants));
  }

  /** The shard of each operation (-1: a range delete, which goes to every shard) and the participating shards. */
  private record Route(int[] shardOfOp, int[] participants) {}

  /** Checks a batch against the limits and routes it; null for an empty batch. */
  private Route route(WriteBatch batch, Durability durability) {
    checkOpen();
    if (durability == null) {
      throw new IllegalArgumentException("durability must not be null");
    }
    if (batch.isEmpty()) {
      return null;
    }
    if (batch.sizeBytes() > options.batchBytesMax()) {
      throw new IllegalArgumentException("write batch of " + batch.sizeBytes() + " bytes exceeds Options.batchBytesMax ("
          + options.batchBytesMax() + " bytes); split it into smaller batches");
    }
    long walRecordBytesMax = Stores.walRecordBytesMax(options);
    if (batch.sizeBytes() > walRecordBytesMax) {
      throw new IllegalArgumentException("write batch of " + batch.sizeBytes() + " bytes does not fit one WAL record "
          + "of this store (at most " + walRecordBytesMax + " bytes: half of Options.walSegmentBytes × "
          + Stores.WAL_SEGMENTS_MAX + " segments); raise walSegmentBytes or split the batch");
    }
    if (batch.count() > options.batchEntriesMax()) {
      throw new IllegalArgumentException("write batch of " + batch.count() + " operations exceeds "
          + "Options.batchEntriesMax (" + options.batchEntriesMax() + "); split it into smaller batches");
    }
    int n = shards.length;
    int[] shardOfOp = new int[batch.count()];
    boolean[] involved = new boolean[n];
    boolean rangeDelete = false;
    for (int i = 0; i < batch.count(); i++) {
      if (batch.kind(i) == EntryKind.RANGE_DELETE) {
        shardOfOp[i] = -1;
        rangeDelete = true;
      } else {
        shardOfOp[i] = shardOf(batch.key(i));
        involved[shardOfOp[i]] = true;
      }
    }
    if (rangeDelete) {
      Arrays.fill(involved, true);
    }
    return new Route(shardOfOp, java.util.stream.IntStream.range(0, n).filter(i -> involved[i]).toArray());
  }

  int shardOf(byte[] key) {
    int s = options.partitioner().shardOf(key, shards.length);
    if (s < 0 || s >= shards.length) {
      throw new IllegalStateException("partitioner " + options.partitioner() + " returned shard " + s + " of "
          + shards.length);
    }
    return s;
  }

  // ---------------------------------------------------------------- CascadeDb: reads

  @Override
  public byte[] get(byte[] key) {
    return getAt(key, -1);
  }

  @Override
  public byte[] get(byte[] key, Snapshot snapshot) {
    return getAt(key, snapshotSeq(snapshot));
  }

  private byte[] getAt(byte[] key, long snapshot) {
    checkOpen();
    checkKey(key);
    int shard = shardOf(key);
    return runtime.callDirect(shard, new GetTask(shards[shard], new byte[][] {key}, snapshot))[0];
  }

  @Override
  public CompletableFuture<byte[]> getAsync(byte[] key) {
    checkOpen();
    checkKey(key);
    int shard = shardOf(key);
    return runtime.submit(shard, new GetTask(shards[shard], new byte[][] {key}, -1)).thenApply(v -> v[0]);
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys) {
    return multiGetSync(keys, tracker.watermark());
  }

  @Override
  public List<byte[]> multiGet(List<byte[]> keys, Snapshot snapshot) {
    return multiGetSync(keys, snapshotSeq(snapshot));
  }

  /**
   * Keys of one shard are read as {@link #getAt} reads one key, through {@link ShardRuntime#callDirect} (no hand-off
   * when the shard is idle); keys of several shards go to their shards in parallel.
   */
  private List<byte[]> multiGetSync(List<byte[]> keys, long snapshot) {
    checkOpen();
    if (keys.isEmpty()) {
      return new ArrayList<>();
    }
    int shard = -1;
    for (byte[] key : keys) {
      checkKey(key);
      int s = shardOf(key);
      if (shard >= 0 && s != shard) {
        return join(multiGetAt(keys, snapshot));
      }
      shard = s;
    }
    byte[][] values = runtime.callDirect(shard, new GetTask(shards[shard], keys.toArray(new byte[0][]), snapshot));
    return new ArrayList<>(Arrays.asList(values));
  }

  /** One check per shard, each on the caller's thread when the shard is idle ({@link ShardRuntime#callDirect}). */
  @Override
  public boolean mayHaveKeysIn(byte[] lowest, byte[] highest) {
    checkOpen();
    checkKey(lowest);
    checkKey(highest);
    if (KeyOrder.compare(lowest, highest) > 0) {
      throw new IllegalArgumentException("the lowest key of the range sorts after its highest key");
    }
    for (int i = 0; i < shards.length; i++) {
      ShardStore s = shards[i];
      if (runtime.callDirect(i, ValueTask.of(sh -> s.mayHaveKeysIn(lowest, highest)))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public CompletableFuture<List<byte[]>> multiGetAsync(List<byte[]> keys) {
    return multiGetAt(keys, tracker.watermark());
  }

  /** One task per shard with that shard's keys, all at one snapshot. */
  private CompletableFuture<List<byte[]>> multiGetAt(List<byte[]> keys, long snapshot) {
    checkOpen();
    int n = shards.length;
    int[] shardOfKey = new int[keys.size()];
    int[] counts = new int[n];
    for (int i = 0; i < keys.size(); i++) {
      checkKey(keys.get(i));
      shardOfKey[i] = shardOf(keys.get(i));
      counts[shardOfKey[i]]++;
    }
    byte[][][] perShard = new byte[n][][];
    for (int s = 0; s < n; s++) {
      perShard[s] = new byte[counts[s]][];
    }
    int[] fill = new int[n];
    for (int i = 0; i < keys.size(); i++) {
      perShard[shardOfKey[i]][fill[shardOfKey[i]]++] = keys.get(i);
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<byte[][]>[] parts = new CompletableFuture[n];
    for (int s = 0; s < n; s++) {
      parts[s] = counts[s] == 0 ? CompletableFuture.completedFuture(new byte[0][])
          : runtime.submit(s, new GetTask(shards[s], perShard[s], snapshot));
    }
    return CompletableFuture.allOf(parts).thenApply(v -> {
      int[] pos = new int[n];
      List<byte[]> out = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        int s = shardOfKey[i];
        out.add(parts[s].join()[pos[s]++]);
      }
      return out;
    });
  }

  @Override
  public Snapshot snapshot() {
    checkOpen();
    long seq = snapshots.registerCurrent(tracker::watermark);
    return new StoreSnapshot(snapshots, seq);
  }

  private long snapshotSeq(Snapshot s) {
    if (s == null) {
      return -1;
    }
    if (!(s instanceof StoreSnapshot ss) || !ss.belongsTo(snapshots)) {
      throw new IllegalArgumentException("snapshot does not belong to this store");
    }
    return ss.checkedSequence();
  }

  @Override
  public DbIterator iterator(ReadOptions ro) {
    checkOpen();
    if (ro.shard() >= shards.length) {
      throw new IllegalArgumentException("ReadOptions.shard " + ro.shard() + " is not a shard of this store (it has "
          + shards.length + ")");
    }
    if (ro.snapshot() != null) {
      return new StoreIterator(this, ro, snapshotSeq(ro.snapshot()), false);
    }
    // The iterator's own snapshot is registered until it closes: its cursors open later, on the shards, and
    // compaction must keep what the snapshot sees until then.
    return new StoreIterator(this, ro, snapshots.registerCurrent(tracker::watermark), true);
  }

  // ---------------------------------------------------------------- maintenance

  @Override
  public void flush() {
    checkOpen();
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (int i = 0; i < shards.length; i++) {
      waits.add(runtime.submit(i, new FlushRequest(shards[i])));
    }
    join(CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])));
  }

  @Override
  public void compactRange(byte[] lo, byte[] hi) {
    flush();
    List<CompletableFuture<Void>> waits = new ArrayList<>();
    for (int i = 0; i < shards.length; i++) {
      ShardStore s = shards[i];
      waits.add(runtime.submit(i, TaskClass.FOREGROUND, new ValueTask<Void>() {
        private Promise<Void> p;

        @Override
        public Status run(dev.cascade.engine.runtime.Shard shard) {
          if (p == null) {
            p = new Promise<>(shard);
            s.manualCompactions.add(new ShardStore.ManualCompaction(lo == null ? null : lo.clone(),
                hi == null ? null : hi.clone(), p));
            s.scheduleCompaction(shard);
            return p.await(this);
          }
          p.get();
          return done(null);
        }
      }));
    }
    join(CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])));
  }

  @Override
  public DbProperties properties() {
    checkOpen();
    List<ShardProperties> ps = new ArrayList<>();
    for (int i = 0; i < shards.length; i++) {
      int index = i;
      ps.add(runtime.call(i, shard -> shards[index].properties()));
    }
    return DbProperties.of(ps);
  }

  @Override
  public int shardCount() {
    return shards.length;
  }

  @Override
  public Options options() {
    return options;
  }

  @Override
  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException first = null;
    try {
      closeShards();
    } catch (RuntimeException e) {
      first = e;
    }
    runtime.close();
    if (ownsEngine) {
      engine.close();
    }
    lock.close();
    if (first != null) {
      throw first;
    }
  }

  /**
   * For crash tests: stops the shards without closing anything they own (no flush, no WAL close), releases the
   * lock, and leaves the files as they are, as if the process had died. The I/O engine is not closed.
   */
  void haltForCrashTest() {
    if (closed.compareAndSet(false, true)) {
      runtime.close();
      lock.close();
    }
  }

  /** For tests: flushes one shard's memtables. */
  void flushShard(int index) {
    join(runtime.submit(index, new FlushRequest(shards[index])));
  }

  private void closeShards() {
    RuntimeException first = null;
    for (int i = 0; i < shards.length; i++) {
      if (shards[i] == null) {
        continue;
      }
      int index = i;
      try {
        runtime.call(i, shard -> {
          shards[index].close();
          return null;
        });
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new CascadeException("store " + dir + " is closed");
    }
  }

  private static void checkKey(byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException("key must not be null");
    }
    if (key.length > dev.cascade.engine.key.Limits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException("key of " + key.length + " bytes exceeds Limits.KEY_BYTES_MAX ("
          + dev.cascade.engine.key.Limits.KEY_BYTES_MAX + " bytes)");
    }
  }

  /** Spins of {@link #join} before it parks (tens of microseconds). */
  private static final int JOIN_SPINS = 5_000;

  /** Waits for a future, unwrapping the task's own exception. */
  static <T> T join(CompletableFuture<T> f) {
    // A shard answers within microseconds while it spins: wait that long before parking, which would cost
    // this thread a wake-up (engine/docs/runtime.md).
    for (int spin = 0; spin < JOIN_SPINS && !f.isDone(); spin++) {
      Thread.onSpinWait();
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CascadeException("interrupted while waiting for the store", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  private static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new CascadeException(String.valueOf(t.getMessage()), t);
  }

  @Override
  public String toString() {
    return "Store[" + dir + ", " + shards.length + " shards]";
  }
}
