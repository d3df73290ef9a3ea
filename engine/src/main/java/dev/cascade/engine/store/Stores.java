package dev.cascade.engine.store;

import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import dev.cascade.engine.memory.NativeMemory;
import dev.cascade.engine.memtable.MemtableOptions;
import dev.cascade.engine.sstable.SstOptions;
import dev.cascade.engine.version.LevelOptions;
import dev.cascade.engine.wal.WalOptions;

/**
 * Derives each component's options from the store's {@link Options}.
 *
 * <p>Stateless.
 */
final class Stores {
  /** Most WAL segments a shard may grow its ring to when unflushed records pin the oldest ones. */
  static final int WAL_SEGMENTS_MAX = 64;

  private Stores() {}

  static SstOptions sstOptions(Options o) {
    return SstOptions.defaults().withCompression(o.compression()).withBloomBitsPerKey(o.bloomBitsPerKey());
  }

  /**
   * The WAL's options. Its segments are zero-filled when the store syncs its writes (SYNC); a BUFFERED or NONE
   * store creates them sparse, so that neither opening a new store nor growing the ring in the middle of a write
   * waits for megabytes of zeros to be written and synced. (Its rare synced writes, cross-shard batches, then
   * allocate blocks as they go.)
   */
  static WalOptions walOptions(Options o) {
    return new WalOptions(o.walSegmentBytes(), o.walSegmentCount(), Math.max(WAL_SEGMENTS_MAX, o.walSegmentCount()),
        o.walDirectIo(), o.durability() == Durability.SYNC);
  }

  /**
   * Largest batch one WAL record may carry: half of what the ring can grow to, so that a record never finds
   * the WAL full because of its own size.
   */
  static long walRecordBytesMax(Options o) {
    return o.walSegmentBytes() * (WAL_SEGMENTS_MAX / 2);
  }

  static LevelOptions levelOptions(Options o) {
    return new LevelOptions(7, o.l0CompactionTrigger(), o.l0SlowdownTrigger(), o.l0StopTrigger(), o.level1MaxBytes(),
        o.levelSizeMultiplier(), o.targetFileBytes());
  }

  /**
   * Arena chunks of an eighth of the memtable budget, between 4 KiB and 2 MiB: one transparent huge page
   * ({@link dev.cascade.engine.memory.NativeMemory}) once the budget is 16 MiB or more.
   */
  static MemtableOptions memtableOptions(Options o) {
    int chunk = (int) Math.max(MemtableOptions.CHUNK_BYTES_MIN,
        Math.min(NativeMemory.HUGE_PAGE_BYTES, o.memtableBytes() / 8));
    return MemtableOptions.defaults().withChunkBytes(chunk);
  }
}
