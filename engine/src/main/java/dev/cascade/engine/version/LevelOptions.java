package dev.cascade.engine.version;

/**
 * Shape of a shard's leveled LSM tree: how many levels, when L0 triggers a compaction, slows writes and stops
 * them, and how large each level may grow. Start from {@link #defaults()} and change fields with the
 * {@code with...} methods; every constructor call validates and an invalid value fails naming the option.
 *
 * @param levelCount levels L0..L(levelCount-1); default 7
 * @param l0CompactionTrigger L0 file count at which L0 compacts into L1 (score 1); default 4
 * @param l0SlowdownTrigger L0 file count from which writes are slowed down; default 12
 * @param l0StopTrigger L0 file count from which writes wait for compaction; default 20
 * @param level1MaxBytes target size of L1; default 64 MiB
 * @param levelSizeMultiplier each level below L1 may be this many times larger than the one above; default 10
 * @param targetFileBytes size at which a compaction or flush starts a new output file; default 8 MiB
 *     <p>Immutable.
 */
public record LevelOptions(
    int levelCount,
    int l0CompactionTrigger,
    int l0SlowdownTrigger,
    int l0StopTrigger,
    long level1MaxBytes,
    int levelSizeMultiplier,
    long targetFileBytes) {

  /** Fewest levels: L0 and one sorted level. */
  public static final int LEVEL_COUNT_MIN = 2;
  /** Largest L0 trigger: more L0 files make every read check that many files. */
  public static final int L0_TRIGGER_MAX = 1000;
  public static final int LEVEL_SIZE_MULTIPLIER_MIN = 2;
  public static final int LEVEL_SIZE_MULTIPLIER_MAX = 1000;
  /** Smallest output file: one 4 KB page. */
  public static final long TARGET_FILE_BYTES_MIN = 4096;
  public static final long TARGET_FILE_BYTES_MAX = 1L << 32;
  public static final long LEVEL1_MAX_BYTES_MIN = 4096;
  public static final long LEVEL1_MAX_BYTES_MAX = 1L << 50;

  public LevelOptions {
    check("levelCount", levelCount, LEVEL_COUNT_MIN, VersionState.LEVELS_MAX);
    check("l0CompactionTrigger", l0CompactionTrigger, 1, L0_TRIGGER_MAX);
    check("l0SlowdownTrigger", l0SlowdownTrigger, l0CompactionTrigger, L0_TRIGGER_MAX);
    check("l0StopTrigger", l0StopTrigger, l0SlowdownTrigger, L0_TRIGGER_MAX);
    check("level1MaxBytes", level1MaxBytes, LEVEL1_MAX_BYTES_MIN, LEVEL1_MAX_BYTES_MAX);
    check("levelSizeMultiplier", levelSizeMultiplier, LEVEL_SIZE_MULTIPLIER_MIN, LEVEL_SIZE_MULTIPLIER_MAX);
    check("targetFileBytes", targetFileBytes, TARGET_FILE_BYTES_MIN, TARGET_FILE_BYTES_MAX);
  }

  public static LevelOptions defaults() {
    return new LevelOptions(7, 4, 12, 20, 64L << 20, 10, 8L << 20);
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("LevelOptions." + name + " must be between " + min + " and " + max + ": "
          + value);
    }
  }

  /**
   * Target size of {@code level} (1 or below): {@code level1MaxBytes * levelSizeMultiplier^(level-1)},
   * saturating at {@code Long.MAX_VALUE}.
   */
  public long maxBytesForLevel(int level) {
    if (level < 1 || level >= levelCount) {
      throw new IllegalArgumentException("level must be between 1 and " + (levelCount - 1) + ": " + level);
    }
    long bytes = level1MaxBytes;
    for (int l = 1; l < level; l++) {
      bytes = bytes > Long.MAX_VALUE / levelSizeMultiplier ? Long.MAX_VALUE : bytes * levelSizeMultiplier;
    }
    return bytes;
  }

  public LevelOptions withLevelCount(int v) {
    return new LevelOptions(v, l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes,
        levelSizeMultiplier, targetFileBytes);
  }

  /** Sets the three L0 triggers together, since each must not be below the one before. */
  public LevelOptions withL0Triggers(int compaction, int slowdown, int stop) {
    return new LevelOptions(levelCount, compaction, slowdown, stop, level1MaxBytes, levelSizeMultiplier,
        targetFileBytes);
  }

  public LevelOptions withLevel1MaxBytes(long v) {
    return new LevelOptions(levelCount, l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, v,
        levelSizeMultiplier, targetFileBytes);
  }

  public LevelOptions withLevelSizeMultiplier(int v) {
    return new LevelOptions(levelCount, l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes, v,
        targetFileBytes);
  }

  public LevelOptions withTargetFileBytes(long v) {
    return new LevelOptions(levelCount, l0CompactionTrigger, l0SlowdownTrigger, l0StopTrigger, level1MaxBytes,
        levelSizeMultiplier, v);
  }

  @Override
  public String toString() {
    return "LevelOptions[levels=" + levelCount + ", L0 triggers: compact " + l0CompactionTrigger + " / slow down "
        + l0SlowdownTrigger + " / stop " + l0StopTrigger + " files, L1 " + bytes(level1MaxBytes) + ", x"
        + levelSizeMultiplier + " per level, target file " + bytes(targetFileBytes) + "]";
  }

  private static String bytes(long n) {
    if (n % (1L << 30) == 0) {
      return (n >> 30) + " GiB";
    }
    if (n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n % (1L << 10) == 0) {
      return (n >> 10) + " KiB";
    }
    return n + " B";
  }
}
