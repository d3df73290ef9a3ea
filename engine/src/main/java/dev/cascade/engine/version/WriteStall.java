package dev.cascade.engine.version;

/**
 * How writes should be paced given the shard's L0 file count ({@link CompactionPicker#stallState}): stalls
 * degrade smoothly, slowing writes before stopping them.
 *
 * <p>Immutable.
 */
public enum WriteStall {
  /** Fewer L0 files than the slowdown trigger: write freely. */
  NONE,
  /** At least the slowdown trigger: delay each write a little so compaction catches up. */
  SLOWDOWN,
  /** At least the stop trigger: writes wait until compaction brings L0 below it. */
  STOP
}
