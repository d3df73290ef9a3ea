package dev.cascade.engine;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;

/**
 * How a store is opened: defaults that suit a small server, every value validated in {@link Builder#build()}
 * with a message naming the option, and a readable {@link #toString()}. Sizes are in bytes, per shard where the
 * name says so. {@link #shardCount()} and {@link #partitioner()} are fixed when a store is created (recorded in
 * its identity file); opening with others is refused.
 *
 * <p>Immutable; build one with {@link #builder()} or change one with {@link #toBuilder()}.
 */
public final class Options {
  public static final int SHARD_COUNT_MAX = 256;
  public static final long MEMTABLE_BYTES_MIN = 64 << 10;
  public static final long CACHE_BYTES_PER_SHARD_MIN = 64 << 10;
  public static final long WAL_SEGMENT_BYTES_MIN = 64 << 10;
  public static final long BATCH_BYTES_MAX_LIMIT = 1L << 30;

  private final int shardCount;
  private final Durability durability;
  private final long memtableBytes;
  private final int immutableMemtablesMax;
  private final long cacheBytes;
  private final Compression compression;
  private final int bloomBitsPerKey;
  private final long walSegmentBytes;
  private final int walSegmentCount;
  private final boolean walDirectIo;
  private final int l0CompactionTrigger;
  private final int l0SlowdownTrigger;
  private final int l0StopTrigger;
  private final long level1MaxBytes;
  private final int levelSizeMultiplier;
  private final long targetFileBytes;
  private final long batchBytesMax;
  private final int batchEntriesMax;
  private final IoEngineKind ioEngineKind;
  private final IoEngine ioEngine;
  private final boolean pinThreads;
  private final long compactionBytesPerSecond;
  private final KeyPartitioner partitioner;
  private final boolean createIfMissing;

  private Options(Builder b) {
    shardCount = b.shardCount;
    durability = b.durability;
    memtableBytes = b.memtableBytes;
    immutableMemtablesMax = b.immutableMemtablesMax;
    cacheBytes = b.cacheBytes;
    compression = b.compression;
    bloomBitsPerKey = b.bloomBitsPerKey;
    walSegmentBytes = b.walSegmentBytes;
    walSegmentCount = b.walSegmentCount;
    walDirectIo = b.walDirectIo != null ? b.walDirectIo : b.durability == Durability.SYNC;
    l0CompactionTrigger = b.l0CompactionTrigger;
    l0SlowdownTrigger = b.l0SlowdownTrigger;
    l0StopTrigger = b.l0StopTrigger;
    level1MaxBytes = b.level1MaxBytes;
    levelSizeMultiplier = b.levelSizeMultiplier;
    targetFileBytes = b.targetFileBytes;
    batchBytesMax = b.batchBytesMax;
    batchEntriesMax = b.batchEntriesMax;
    ioEngineKind = b.ioEngineKind;
    ioEngine = b.ioEngine;
    pinThreads = b.pinThreads;
    compactionBytesPerSecond = b.compactionBytesPerSecond;
    partitioner = b.partitioner;
    createIfMissing = b.createIfMissing;
  }

  public static Options defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Shards (threads) of the store; default max(1, processors − 1). Fixed at creation. */
  public int shardCount() {
    return shardCount;
  }

  /** Durability of writes that do not name one; default SYNC. */
  public Durability durability() {
    return durability;
  }

  /** Size at which a shard's memtable is frozen and flushed; default 64 MiB. */
  public long memtableBytes() {
    return memtableBytes;
  }

  /** Frozen memtables a shard may hold before writes wait for a flush; default 2. */
  public int immutableMemtablesMax() {
    return immutableMemtablesMax;
  }

  /** Page cache budget of the whole store, split evenly over the shards; default 256 MiB. */
  public long cacheBytes() {
    return cacheBytes;
  }

  public Compression compression() {
    return compression;
  }

  public int bloomBitsPerKey() {
    return bloomBitsPerKey;
  }

  public long walSegmentBytes() {
    return walSegmentBytes;
  }

  public int walSegmentCount() {
    return walSegmentCount;
  }

  /**
   * WAL writes with O_DIRECT: a SYNC group is one RWF_DSYNC write, and a BUFFERED write is acknowledged once the
   * device has it. False writes the WAL through the OS page cache: BUFFERED writes are acknowledged once the kernel
   * has them (several times faster on a slow device), SYNC groups add an fdatasync. Unless set, it follows the
   * store's default {@link #durability()}: O_DIRECT for SYNC, the page cache for BUFFERED and NONE (whose writes
   * then cost a copy into the kernel, not a device round trip).
   */
  public boolean walDirectIo() {
    return walDirectIo;
  }

  public int l0CompactionTrigger() {
    return l0CompactionTrigger;
  }

  public int l0SlowdownTrigger() {
    return l0SlowdownTrigger;
  }

  public int l0StopTrigger() {
    return l0StopTrigger;
  }

  public long level1MaxBytes() {
    return level1MaxBytes;
  }

  public int levelSizeMultiplier() {
    return levelSizeMultiplier;
  }

  public long targetFileBytes() {
    return targetFileBytes;
  }

  /** Largest write batch in bytes (keys, values, per-entry overhead); default 256 MiB. */
  public long batchBytesMax() {
    return batchBytesMax;
  }

  /** Most operations in one write batch; default 1,000,000. */
  public int batchEntriesMax() {
    return batchEntriesMax;
  }

  /** The I/O engine to use; null (the default) picks io_uring where available. */
  public IoEngineKind ioEngineKind() {
    return ioEngineKind;
  }

  /**
   * An I/O engine supplied by the caller (tests put a fault-injecting one here), used instead of creating one;
   * the store does not close it. Null by default.
   */
  public IoEngine ioEngine() {
    return ioEngine;
  }

  public boolean pinThreads() {
    return pinThreads;
  }

  /** Compaction write budget per shard; 0 (the default) means unthrottled. */
  public long compactionBytesPerSecond() {
    return compactionBytesPerSecond;
  }

  public KeyPartitioner partitioner() {
    return partitioner;
  }

  public boolean createIfMissing() {
    return createIfMissing;
  }

  @Override
  public String toString() {
    return "Options[shardCount=" + shardCount + ", durability=" + durability + ", memtableBytes=" + memtableBytes
        + ", immutableMemtablesMax=" + immutableMemtablesMax + ", cacheBytes=" + cacheBytes
        + ", compression=" + compression + ", bloomBitsPerKey=" + bloomBitsPerKey
        + ", walSegmentBytes=" + walSegmentBytes + ", walSegmentCount=" + walSegmentCount
        + ", walDirectIo=" + walDirectIo
        + ", l0Triggers=" + l0CompactionTrigger + "/" + l0SlowdownTrigger + "/" + l0StopTrigger
        + ", level1MaxBytes=" + level1MaxBytes + ", levelSizeMultiplier=" + levelSizeMultiplier
        + ", targetFileBytes=" + targetFileBytes + ", batchBytesMax=" + batchBytesMax
        + ", batchEntriesMax=" + batchEntriesMax
        + ", ioEngine=" + (ioEngine != null ? ioEngine.kind() + " (supplied)" : ioEngineKind == null ? "auto" : ioEngineKind)
        + ", pinThreads=" + pinThreads + ", compactionBytesPerSecond="
        + (compactionBytesPerSecond == 0 ? "unthrottled" : compactionBytesPerSecond)
        + ", partitioner=" + partitioner + ", createIfMissing=" + createIfMissing + "]";
  }

  /**
   * Collects option values; {@link #build()} validates them all.
   *
   * <p>Thread ownership: one thread at a time.
   */
  public static final class Builder {
    private int shardCount = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    private Durability durability = Durability.SYNC;
    private long memtableBytes = 64L << 20;
    private int immutableMemtablesMax = 2;
    private long cacheBytes = 256L << 20;
    private Compression compression = Compression.LZ4;
    private int bloomBitsPerKey = 10;
    private long walSegmentBytes = 16L << 20;
    private int walSegmentCount = 4;
    /** Null: follow the durability ({@link Options#walDirectIo()}). */
    private Boolean walDirectIo;
    private int l0CompactionTrigger = 4;
    private int l0SlowdownTrigger = 12;
    private int l0StopTrigger = 20;
    private long level1MaxBytes = 64L << 20;
    private int levelSizeMultiplier = 10;
    private long targetFileBytes = 8L << 20;
    private long batchBytesMax = 256L << 20;
    private int batchEntriesMax = 1_000_000;
    private IoEngineKind ioEngineKind;
    private IoEngine ioEngine;
    private boolean pinThreads;
    private long compactionBytesPerSecond;
    private KeyPartitioner partitioner = KeyPartitioner.HASH;
    private boolean createIfMissing = true;

    private Builder() {}

    private Builder(Options o) {
      shardCount = o.shardCount;
      durability = o.durability;
      memtableBytes = o.memtableBytes;
      immutableMemtablesMax = o.immutableMemtablesMax;
      cacheBytes = o.cacheBytes;
      compression = o.compression;
      bloomBitsPerKey = o.bloomBitsPerKey;
      walSegmentBytes = o.walSegmentBytes;
      walSegmentCount = o.walSegmentCount;
      walDirectIo = o.walDirectIo;
      l0CompactionTrigger = o.l0CompactionTrigger;
      l0SlowdownTrigger = o.l0SlowdownTrigger;
      l0StopTrigger = o.l0StopTrigger;
      level1MaxBytes = o.level1MaxBytes;
      levelSizeMultiplier = o.levelSizeMultiplier;
      targetFileBytes = o.targetFileBytes;
      batchBytesMax = o.batchBytesMax;
      batchEntriesMax = o.batchEntriesMax;
      ioEngineKind = o.ioEngineKind;
      ioEngine = o.ioEngine;
      pinThreads = o.pinThreads;
      compactionBytesPerSecond = o.compactionBytesPerSecond;
      partitioner = o.partitioner;
      createIfMissing = o.createIfMissing;
    }

    public Builder shardCount(int v) { shardCount = v; return this; }
    public Builder durability(Durability v) { durability = v; return this; }
    public Builder memtableBytes(long v) { memtableBytes = v; return this; }
    public Builder immutableMemtablesMax(int v) { immutableMemtablesMax = v; return this; }
    public Builder cacheBytes(long v) { cacheBytes = v; return this; }
    public Builder compression(Compression v) { compression = v; return this; }
    public Builder bloomBitsPerKey(int v) { bloomBitsPerKey = v; return this; }
    public Builder walSegmentBytes(long v) { walSegmentBytes = v; return this; }
    public Builder walSegmentCount(int v) { walSegmentCount = v; return this; }
    public Builder walDirectIo(boolean v) { walDirectIo = v; return this; }
    public Builder l0CompactionTrigger(int v) { l0CompactionTrigger = v; return this; }
    public Builder l0SlowdownTrigger(int v) { l0SlowdownTrigger = v; return this; }
    public Builder l0StopTrigger(int v) { l0StopTrigger = v; return this; }
    public Builder level1MaxBytes(long v) { level1MaxBytes = v; return this; }
    public Builder levelSizeMultiplier(int v) { levelSizeMultiplier = v; return this; }
    public Builder targetFileBytes(long v) { targetFileBytes = v; return this; }
    public Builder batchBytesMax(long v) { batchBytesMax = v; return this; }
    public Builder batchEntriesMax(int v) { batchEntriesMax = v; return this; }
    public Builder ioEngineKind(IoEngineKind v) { ioEngineKind = v; return this; }
    public Builder ioEngine(IoEngine v) { ioEngine = v; return this; }
    public Builder pinThreads(boolean v) { pinThreads = v; return this; }
    public Builder compactionBytesPerSecond(long v) { compactionBytesPerSecond = v; return this; }
    public Builder partitioner(KeyPartitioner v) { partitioner = v; return this; }
    public Builder createIfMissing(boolean v) { createIfMissing = v; return this; }

    public Options build() {
      check(shardCount >= 1 && shardCount <= SHARD_COUNT_MAX, "shardCount", shardCount, "in [1, " + SHARD_COUNT_MAX + "]");
      check(durability != null, "durability", null, "set");
      check(memtableBytes >= MEMTABLE_BYTES_MIN && memtableBytes <= 1L << 32, "memtableBytes", memtableBytes,
          "in [" + MEMTABLE_BYTES_MIN + ", 4 GiB]");
      check(immutableMemtablesMax >= 1 && immutableMemtablesMax <= 16, "immutableMemtablesMax",
          immutableMemtablesMax, "in [1, 16]");
      check(cacheBytes >= CACHE_BYTES_PER_SHARD_MIN * shardCount, "cacheBytes", cacheBytes,
          "at least " + CACHE_BYTES_PER_SHARD_MIN + " per shard (" + CACHE_BYTES_PER_SHARD_MIN * shardCount + ")");
      check(compression != null, "compression", null, "set");
      check(bloomBitsPerKey >= 0 && bloomBitsPerKey <= 32, "bloomBitsPerKey", bloomBitsPerKey, "in [0, 32]");
      check(walSegmentBytes >= WAL_SEGMENT_BYTES_MIN && walSegmentBytes <= 1L << 30 && walSegmentBytes % 4096 == 0,
          "walSegmentBytes", walSegmentBytes, "a multiple of 4096 in [" + WAL_SEGMENT_BYTES_MIN + ", 1 GiB]");
      check(walSegmentCount >= 2 && walSegmentCount <= 64, "walSegmentCount", walSegmentCount, "in [2, 64]");
      check(l0CompactionTrigger >= 1, "l0CompactionTrigger", l0CompactionTrigger, "at least 1");
      check(l0SlowdownTrigger >= l0CompactionTrigger, "l0SlowdownTrigger", l0SlowdownTrigger,
          "at least l0CompactionTrigger (" + l0CompactionTrigger + ")");
      check(l0StopTrigger >= l0SlowdownTrigger, "l0StopTrigger", l0StopTrigger,
          "at least l0SlowdownTrigger (" + l0SlowdownTrigger + ")");
      check(level1MaxBytes >= 1 << 20, "level1MaxBytes", level1MaxBytes, "at least 1 MiB");
      check(levelSizeMultiplier >= 2 && levelSizeMultiplier <= 100, "levelSizeMultiplier", levelSizeMultiplier,
          "in [2, 100]");
      check(targetFileBytes >= 64 << 10 && targetFileBytes <= 1L << 30, "targetFileBytes", targetFileBytes,
          "in [64 KiB, 1 GiB]");
      check(batchBytesMax >= 1 << 20 && batchBytesMax <= BATCH_BYTES_MAX_LIMIT, "batchBytesMax", batchBytesMax,
          "in [1 MiB, 1 GiB]");
      check(batchEntriesMax >= 1, "batchEntriesMax", batchEntriesMax, "at least 1");
      check(compactionBytesPerSecond >= 0, "compactionBytesPerSecond", compactionBytesPerSecond, "0 or positive");
      check(partitioner != null, "partitioner", null, "set");
      return new Options(this);
    }

    private static void check(boolean ok, String name, Object value, String rule) {
      if (!ok) {
        throw new IllegalArgumentException("Options." + name + " must be " + rule + ", not " + value);
      }
    }
  }
}
