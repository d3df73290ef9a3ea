package dev.cascade.engine.version;

import dev.cascade.engine.key.KeyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Decides what a shard compacts next, leveled as in LevelDB: a score per level (L0: file count over its
 * trigger; L1+: bytes over the level's target), and when the best score is at least 1, a {@link Compaction} of
 * that level into the next. L0 takes every file overlapping its oldest one (transitively); L1+ takes one file
 * chosen round-robin by a per-level cursor, so that compaction sweeps the key space evenly instead of rewriting
 * the same range. Both then take the next level's overlapping files, and grow the input set at the starting
 * level when that costs no extra next-level file (as LevelDB's input expansion).
 *
 * <p>The picker keeps no record of running compactions: a caller that runs several at once passes the files
 * they hold to {@link #pick(VersionState, LongPredicate)}, which then avoids them. The cursors live here only, not in the version file: after a restart the sweep starts again at the smallest
 * key, which costs nothing but evenness.
 *
 * <p>Thread ownership: owned by its shard (the cursors change on every pick).
 */
public final class CompactionPicker {
  /** Input expansion stops when the compaction would read more than this many target files' worth. */
  public static final int EXPANDED_COMPACTION_TARGET_FILES_MAX = 25;

  private final LevelOptions options;
  /** Per level, the largest key of the file last picked there; null: start at the smallest key. */
  private final byte[][] cursors;

  public CompactionPicker(LevelOptions options) {
    this.options = options;
    this.cursors = new byte[options.levelCount()][];
  }

  public LevelOptions options() {
    return options;
  }

  /**
   * How urgently {@code level} needs compacting; 1 or more means it should be. L0: file count over
   * {@code l0CompactionTrigger}; L1 to the level above the last: bytes over {@link LevelOptions#maxBytesForLevel};
   * the last level: 0, as it has nowhere to compact to.
   */
  public double score(VersionState s, int level) {
    check(s);
    if (level == 0) {
      return (double) s.files(0).size() / options.l0CompactionTrigger();
    }
    if (level >= s.levelCount() - 1) {
      return 0;
    }
    return (double) s.levelBytes(level) / options.maxBytesForLevel(level);
  }

  /** {@link #score} of every level. */
  public double[] scores(VersionState s) {
    double[] out = new double[s.levelCount()];
    for (int l = 0; l < out.length; l++) {
      out[l] = score(s, l);
    }
    return out;
  }

  /**
   * The compaction of the level with the highest score (the upper level on a tie), or null when every score is
   * below 1. Advances that level's round-robin cursor. Assumes no compaction is running; see
   * {@link #pick(VersionState, LongPredicate)}.
   */
  public Compaction pick(VersionState s) {
    return pick(s, n -> false);
  }

  /**
   * As {@link #pick(VersionState)}, but never returns a compaction that would touch a file {@code busy} claims
   * (the inputs of compactions still running), so that several can run at once: levels are tried by descending
   * score (at least 1), L0 from the oldest file's closure to the newest, L1+ in round-robin order from the
   * cursor. Input expansion takes no busy file either. Null when nothing free needs compacting.
   */
  public Compaction pick(VersionState s, LongPredicate busy) {
    check(s);
    double[] scores = scores(s);
    List<Integer> order = new ArrayList<>();
    for (int l = 0; l < s.levelCount() - 1; l++) {
      if (scores[l] >= 1) {
        order.add(l);
      }
    }
    order.sort(Comparator.comparingDouble((Integer l) -> -scores[l]).thenComparingInt(l -> l));
    for (int level : order) {
      Compaction c = level == 0 ? pickLevel0(s, busy) : pickSorted(s, level, busy);
      if (c != null) {
        if (level > 0) {
          cursors[level] = largest(c.inputs());
        }
        return c;
      }
    }
    return null;
  }

  /** The closure of the oldest L0 file, or failing that (busy files) of the next older one not yet tried. */
  private Compaction pickLevel0(VersionState s, LongPredicate busy) {
    List<FileMeta> files = s.files(0);
    Set<FileMeta> tried = new HashSet<>();
    for (FileMeta seed : files.reversed()) {
      if (tried.contains(seed)) {
        continue;
      }
      List<FileMeta> inputs = s.overlapping(0, seed.smallestKey(), seed.largestKey());
      tried.addAll(inputs);
      Compaction c = candidate(s, 0, inputs, busy);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /** The first file that starts after the level's cursor and can compact, wrapping around the level once. */
  private Compaction pickSorted(VersionState s, int level, LongPredicate busy) {
    List<FileMeta> files = s.files(level);
    int start = 0;
    byte[] cursor = cursors[level];
    while (cursor != null && start < files.size() && KeyOrder.compare(files.get(start).smallestKey(), cursor) <= 0) {
      start++;
    }
    for (int i = 0; i < files.size(); i++) {
      Compaction c = candidate(s, level, List.of(files.get((start + i) % files.size())), busy);
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /**
   * The compaction of {@code inputs} from {@code level}, or null if it would touch a busy file: the next level's
   * overlapping files, then the inputs widened to everything of {@code level} within the combined range if that
   * adds no next-level file and no busy file, and stays under {@link #EXPANDED_COMPACTION_TARGET_FILES_MAX}
   * target files (LevelDB's input expansion: more work per merge of the same next-level files).
   */
  private Compaction candidate(VersionState s, int level, List<FileMeta> inputs, LongPredicate busy) {
    List<FileMeta> next = s.overlapping(level + 1, smallest(inputs), largest(inputs));
    if (anyBusy(inputs, busy) || anyBusy(next, busy)) {
      return null;
    }
    if (!next.isEmpty()) {
      byte[] lo = min(smallest(inputs), smallest(next));
      byte[] hi = max(largest(inputs), largest(next));
      List<FileMeta> wider = s.overlapping(level, lo, hi);
      long limit = EXPANDED_COMPACTION_TARGET_FILES_MAX * options.targetFileBytes();
      if (wider.size() > inputs.size() && bytes(wider) + bytes(next) <= limit && !anyBusy(wider, busy)
          && s.overlapping(level + 1, smallest(wider), largest(wider)).size() == next.size()) {
        inputs = wider;
      }
    }
    return new Compaction(level, level + 1, inputs, next, bottommost(s, level + 1, inputs, next));
  }

  private static boolean anyBusy(List<FileMeta> files, LongPredicate busy) {
    for (FileMeta f : files) {
      if (busy.test(f.fileNumber())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A manual compaction of the files of {@code level} meeting {@code [lo, hi]} (inclusive; null bounds are
   * unbounded) into the next level, or within the last level when {@code level} is the last (rewriting it to
   * drop what is obsolete). Null when no file of {@code level} meets the range. Leaves the cursors alone.
   */
  public Compaction compactRange(VersionState s, int level, byte[] lo, byte[] hi) {
    check(s);
    List<FileMeta> inputs = s.overlapping(level, lo, hi);
    if (inputs.isEmpty()) {
      return null;
    }
    if (level == s.levelCount() - 1) {
      return new Compaction(level, level, inputs, List.of(), true);
    }
    List<FileMeta> next = s.overlapping(level + 1, smallest(inputs), largest(inputs));
    return new Compaction(level, level + 1, inputs, next, bottommost(s, level + 1, inputs, next));
  }

  /** True when no level below {@code outputLevel} has a file meeting the range of all the inputs. */
  private static boolean bottommost(VersionState s, int outputLevel, List<FileMeta> inputs, List<FileMeta> next) {
    byte[] lo = next.isEmpty() ? smallest(inputs) : min(smallest(inputs), smallest(next));
    byte[] hi = next.isEmpty() ? largest(inputs) : max(largest(inputs), largest(next));
    for (int l = outputLevel + 1; l < s.levelCount(); l++) {
      if (!s.overlapping(l, lo, hi).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * An estimate of the bytes compaction must still write to bring every level under its target: L0 at or above
   * its trigger rewrites itself and L1; each level above its target pushes the excess (plus what came from
   * above) down, rewriting the next level's data in proportion to their sizes.
   */
  public long compactionDebtBytes(VersionState s) {
    check(s);
    double debt = 0;
    double carried = 0;
    if (s.files(0).size() >= options.l0CompactionTrigger()) {
      debt += s.levelBytes(0) + s.levelBytes(1);
      carried = s.levelBytes(0);
    }
    for (int l = 1; l < s.levelCount() - 1; l++) {
      double size = s.levelBytes(l) + carried;
      double target = options.maxBytesForLevel(l);
      carried = 0;
      if (size > target) {
        double excess = size - target;
        double fanout = (double) s.levelBytes(l + 1) / Math.max(1, size);
        debt += excess * (1 + fanout);
        carried = excess;
      }
    }
    return debt >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) debt;
  }

  /** How to pace writes: by the L0 file count against the slowdown and stop triggers. */
  public WriteStall stallState(VersionState s) {
    int l0 = s.files(0).size();
    if (l0 >= options.l0StopTrigger()) {
      return WriteStall.STOP;
    }
    return l0 >= options.l0SlowdownTrigger() ? WriteStall.SLOWDOWN : WriteStall.NONE;
  }

  /** The round-robin cursor of {@code level}: the largest key of the file last picked there, or null. */
  public byte[] cursor(int level) {
    return cursors[level];
  }

  private void check(VersionState s) {
    if (s.levelCount() != options.levelCount()) {
      throw new IllegalArgumentException("state has " + s.levelCount() + " levels, options say "
          + options.levelCount());
    }
  }

  private static long bytes(List<FileMeta> files) {
    long n = 0;
    for (FileMeta f : files) {
      n += f.sizeBytes();
    }
    return n;
  }

  private static byte[] smallest(List<FileMeta> files) {
    byte[] lo = files.getFirst().smallestKey();
    for (FileMeta f : files) {
      lo = min(lo, f.smallestKey());
    }
    return lo;
  }

  private static byte[] largest(List<FileMeta> files) {
    byte[] hi = files.getFirst().largestKey();
    for (FileMeta f : files) {
      hi = max(hi, f.largestKey());
    }
    return hi;
  }

  private static byte[] min(byte[] a, byte[] b) {
    return KeyOrder.compare(a, b) <= 0 ? a : b;
  }

  private static byte[] max(byte[] a, byte[] b) {
    return KeyOrder.compare(a, b) >= 0 ? a : b;
  }
}
