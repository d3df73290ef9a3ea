package dev.cascade.engine.version;

import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.RangeTombstone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A shard's live file set and the counters that go with it, as one immutable value: the levels of the LSM
 * tree, the next file number, the WAL position recovery replays from, the last sequence, and the range
 * tombstones. Every change is a new state made by {@link #apply}; {@link VersionFile} saves a whole state
 * atomically.
 *
 * <p>Invariants, checked by the constructor (so a decoded state that breaks one is reported as corruption):
 * <ul>
 *   <li>L0 files may overlap; they are ordered newest first: by largest sequence descending, then file number
 *       descending;
 *   <li>L1 and below are sorted by smallest key and do not overlap, not even at one user key (a compaction
 *       never splits one user key's entries over two output files);
 *   <li>file numbers are unique across levels and below {@code nextFileNumber};
 *   <li>no file or tombstone has a sequence above {@code lastSequence}; tombstones are distinct.
 * </ul>
 *
 * <p>Immutable (the lists are unmodifiable and their elements immutable), so any thread may read a published
 * state.
 */
public final class VersionState {
  /** Most levels a state may have. */
  public static final int LEVELS_MAX = 16;

  /** Most live files in one state (with 8 MiB files: 800 GB in one shard). */
  public static final int FILES_MAX = 100_000;

  /** Most range tombstones in one state. */
  public static final int TOMBSTONES_MAX = 100_000;

  /** L0's order: newest first. */
  public static final Comparator<FileMeta> L0_ORDER =
      Comparator.comparingLong(FileMeta::largestSeq).thenComparingLong(FileMeta::fileNumber).reversed();

  /** The order of L1 and below: by smallest key. */
  public static final Comparator<FileMeta> SORTED_ORDER = (a, b) -> KeyOrder.compare(a.smallestKey(), b.smallestKey());

  private final List<List<FileMeta>> levels;
  private final long[] levelBytes;
  private final int totalFiles;
  /** Numbers of the live files, ascending. */
  private final long[] fileNumbers;
  private final long nextFileNumber;
  private final long walReplayFrom;
  private final long lastSequence;
  private final List<RangeTombstone> rangeTombstones;

  /**
   * A state, validated.
   *
   * @throws IllegalArgumentException naming the first broken invariant
   */
  public VersionState(
      List<List<FileMeta>> levels, long nextFileNumber, long walReplayFrom, long lastSequence,
      List<RangeTombstone> rangeTombstones) {
    if (levels.isEmpty() || levels.size() > LEVELS_MAX) {
      throw new IllegalArgumentException("level count must be between 1 and " + LEVELS_MAX + ": " + levels.size());
    }
    if (nextFileNumber < 1) {
      throw new IllegalArgumentException("nextFileNumber must be at least 1: " + nextFileNumber);
    }
    if (walReplayFrom < 0) {
      throw new IllegalArgumentException("walReplayFrom must not be negative: " + walReplayFrom);
    }
    if (lastSequence < 0 || lastSequence > Limits.SEQUENCE_MAX) {
      throw new IllegalArgumentException("lastSequence must be between 0 and SEQUENCE_MAX: " + lastSequence);
    }
    List<List<FileMeta>> copy = new ArrayList<>(levels.size());
    for (List<FileMeta> level : levels) {
      copy.add(List.copyOf(level));
    }
    this.levels = List.copyOf(copy);
    this.rangeTombstones = List.copyOf(rangeTombstones);
    this.nextFileNumber = nextFileNumber;
    this.walReplayFrom = walReplayFrom;
    this.lastSequence = lastSequence;
    this.levelBytes = new long[levels.size()];
    this.totalFiles = checkFiles();
    this.fileNumbers = sortedFileNumbers();
    checkTombstones();
  }

  /** An empty state of {@code levelCount} levels: next file number 1, WAL from 0, last sequence 0. */
  public static VersionState empty(int levelCount) {
    List<List<FileMeta>> levels = new ArrayList<>();
    for (int i = 0; i < levelCount; i++) {
      levels.add(List.of());
    }
    return new VersionState(levels, 1, 0, 0, List.of());
  }

  private int checkFiles() {
    Set<Long> numbers = new HashSet<>();
    int total = 0;
    for (int l = 0; l < levels.size(); l++) {
      List<FileMeta> files = levels.get(l);
      total += files.size();
      if (total > FILES_MAX) {
        throw new IllegalArgumentException("more than FILES_MAX " + FILES_MAX + " files");
      }
      long bytes = 0;
      for (int i = 0; i < files.size(); i++) {
        FileMeta f = Objects.requireNonNull(files.get(i), "file");
        if (!numbers.add(f.fileNumber())) {
          throw new IllegalArgumentException("file " + f.fileNumber() + " appears twice");
        }
        if (f.fileNumber() >= nextFileNumber) {
          throw new IllegalArgumentException("file " + f.fileNumber() + " is not below nextFileNumber " + nextFileNumber);
        }
        if (f.largestSeq() > lastSequence) {
          throw new IllegalArgumentException("file " + f.fileNumber() + " has sequence " + f.largestSeq()
              + " above lastSequence " + lastSequence);
        }
        if (i > 0) {
          checkOrder(l, files.get(i - 1), f);
        }
        try {
          bytes = Math.addExact(bytes, f.sizeBytes());
        } catch (ArithmeticException e) {
          throw new IllegalArgumentException("L" + l + " size overflows a long", e);
        }
      }
      levelBytes[l] = bytes;
    }
    return total;
  }

  private static void checkOrder(int level, FileMeta prev, FileMeta f) {
    if (level == 0) {
      if (L0_ORDER.compare(prev, f) >= 0) {
        throw new IllegalArgumentException("L0 is not newest first: file " + prev.fileNumber() + " before file "
            + f.fileNumber());
      }
    } else if (KeyOrder.compare(prev.largestKey(), f.smallestKey()) >= 0) {
      throw new IllegalArgumentException("L" + level + " files " + prev.fileNumber() + " and " + f.fileNumber()
          + " overlap or are out of order");
    }
  }

  private void checkTombstones() {
    if (rangeTombstones.size() > TOMBSTONES_MAX) {
      throw new IllegalArgumentException("more than TOMBSTONES_MAX " + TOMBSTONES_MAX + " range tombstones");
    }
    Set<RangeTombstone> seen = new HashSet<>();
    for (RangeTombstone t : rangeTombstones) {
      if (t.start().length > Limits.KEY_BYTES_MAX || t.end().length > Limits.KEY_BYTES_MAX) {
        throw new IllegalArgumentException(t + " has a key longer than KEY_BYTES_MAX " + Limits.KEY_BYTES_MAX);
      }
      if (t.seq() < 0 || t.seq() > lastSequence) {
        throw new IllegalArgumentException(t + " has a sequence outside [0, lastSequence " + lastSequence + "]");
      }
      if (!seen.add(t)) {
        throw new IllegalArgumentException(t + " appears twice");
      }
    }
  }

  // ---------------------------------------------------------------- apply

  /**
   * The state after {@code e}: its deletions, then its additions (L0 re-sorted newest first, L1+ by smallest
   * key), its tombstone removals then additions, and its counters. {@code nextFileNumber} is raised past every
   * added file and {@code lastSequence} to the largest sequence of every added file and tombstone, so a state
   * never holds a number or a sequence that could be handed out again.
   *
   * @throws IllegalArgumentException if a deleted file or tombstone is absent, an added one is present already,
   *     L1+ files would overlap, a level is beyond this state's, or a counter would move backwards
   */
  public VersionState apply(VersionEdit e) {
    if (e.highestLevel() >= levels.size()) {
      throw new IllegalArgumentException("edit touches L" + e.highestLevel() + " of a state with " + levels.size()
          + " levels");
    }
    long next = nextFileNumber;
    long last = lastSequence;
    if (e.hasNextFileNumber()) {
      if (e.nextFileNumber() < nextFileNumber) {
        throw new IllegalArgumentException("nextFileNumber would move back from " + nextFileNumber + " to "
            + e.nextFileNumber());
      }
      next = e.nextFileNumber();
    }
    if (e.hasLastSequence()) {
      if (e.lastSequence() < lastSequence) {
        throw new IllegalArgumentException("lastSequence would move back from " + lastSequence + " to "
            + e.lastSequence());
      }
      last = e.lastSequence();
    }
    List<List<FileMeta>> out = new ArrayList<>(levels.size());
    for (int l = 0; l < levels.size(); l++) {
      List<FileMeta> files = new ArrayList<>(levels.get(l));
      for (long number : e.deletedFiles(l)) {
        if (!files.removeIf(f -> f.fileNumber() == number)) {
          throw new IllegalArgumentException("edit deletes file " + number + ", which is not in L" + l);
        }
      }
      for (FileMeta f : e.addedFiles(l)) {
        files.add(f);
        next = Math.max(next, f.fileNumber() + 1);
        last = Math.max(last, f.largestSeq());
      }
      files.sort(l == 0 ? L0_ORDER : SORTED_ORDER);
      out.add(files);
    }
    List<RangeTombstone> tombstones = new ArrayList<>(rangeTombstones);
    for (RangeTombstone t : e.removedTombstones()) {
      if (!tombstones.remove(t)) {
        throw new IllegalArgumentException("edit removes " + t + ", which is not in the state");
      }
    }
    for (RangeTombstone t : e.addedTombstones()) {
      tombstones.add(t);
      last = Math.max(last, t.seq());
    }
    long wal = e.hasWalReplayFrom() ? e.walReplayFrom() : walReplayFrom;
    return new VersionState(out, next, wal, last, tombstones);
  }

  // ---------------------------------------------------------------- queries

  public int levelCount() {
    return levels.size();
  }

  /** The files of {@code level}: L0 newest first, L1+ by smallest key. */
  public List<FileMeta> files(int level) {
    return levels.get(level);
  }

  /** All levels, L0 first. */
  public List<List<FileMeta>> levels() {
    return levels;
  }

  /**
   * The files of {@code level} whose range contains {@code key}: for L0 every such file, newest first; for L1+
   * at most one, found by binary search.
   */
  public List<FileMeta> filesForKey(int level, byte[] key) {
    List<FileMeta> files = levels.get(level);
    if (level == 0) {
      List<FileMeta> out = new ArrayList<>();
      for (FileMeta f : files) {
        if (f.contains(key)) {
          out.add(f);
        }
      }
      return out;
    }
    FileMeta f = fileForKey(level, key);
    return f == null ? List.of() : List.of(f);
  }

  /**
   * The one file of sorted {@code level} (1 or below) whose range contains {@code key}, or null: the
   * allocation-free form of {@link #filesForKey} for the read path.
   */
  public FileMeta fileForKey(int level, byte[] key) {
    if (level == 0) {
      throw new IllegalArgumentException("L0 files may overlap: use filesForKey(0, key)");
    }
    List<FileMeta> files = levels.get(level);
    int i = firstEndingAtOrAfter(files, key);
    return i < files.size() && KeyOrder.compare(files.get(i).smallestKey(), key) <= 0 ? files.get(i) : null;
  }

  /** Index of the first file of a sorted level whose largest key is at or after {@code key}. */
  private static int firstEndingAtOrAfter(List<FileMeta> files, byte[] key) {
    int lo = 0;
    int hi = files.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (KeyOrder.compare(files.get(mid).largestKey(), key) < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The files of {@code level} that meet {@code [lo, hi]} (inclusive; a null bound is unbounded), in the
   * level's order. For L0 the range grows transitively, as LevelDB does: a file that overlaps and reaches
   * beyond the range widens it, and the search repeats, so that no L0 file left out overlaps one taken (a
   * compaction must take every older version of a key along with the newer).
   */
  public List<FileMeta> overlapping(int level, byte[] lo, byte[] hi) {
    List<FileMeta> files = levels.get(level);
    if (level > 0) {
      int i = lo == null ? 0 : firstEndingAtOrAfter(files, lo);
      List<FileMeta> out = new ArrayList<>();
      for (; i < files.size() && (hi == null || KeyOrder.compare(files.get(i).smallestKey(), hi) <= 0); i++) {
        out.add(files.get(i));
      }
      return out;
    }
    while (true) {
      List<FileMeta> out = new ArrayList<>();
      boolean widened = false;
      for (FileMeta f : files) {
        if (!f.overlaps(lo, hi)) {
          continue;
        }
        out.add(f);
        if (lo != null && KeyOrder.compare(f.smallestKey(), lo) < 0) {
          lo = f.smallestKey();
          widened = true;
        }
        if (hi != null && KeyOrder.compare(f.largestKey(), hi) > 0) {
          hi = f.largestKey();
          widened = true;
        }
      }
      if (!widened) {
        return out;
      }
    }
  }

  /** Total size of {@code level}'s files. */
  public long levelBytes(int level) {
    return levelBytes[level];
  }

  public int totalFiles() {
    return totalFiles;
  }

  /** Numbers of every live file, ascending (a copy). */
  public long[] fileNumbers() {
    return fileNumbers.clone();
  }

  private long[] sortedFileNumbers() {
    long[] out = new long[totalFiles];
    int n = 0;
    for (List<FileMeta> level : levels) {
      for (FileMeta f : level) {
        out[n++] = f.fileNumber();
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** True when file {@code fileNumber} is live in this state. */
  public boolean containsFile(long fileNumber) {
    return Arrays.binarySearch(fileNumbers, fileNumber) >= 0;
  }

  public long nextFileNumber() {
    return nextFileNumber;
  }

  public long walReplayFrom() {
    return walReplayFrom;
  }

  public long lastSequence() {
    return lastSequence;
  }

  public List<RangeTombstone> rangeTombstones() {
    return rangeTombstones;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VersionState s && nextFileNumber == s.nextFileNumber && walReplayFrom == s.walReplayFrom
        && lastSequence == s.lastSequence && levels.equals(s.levels) && rangeTombstones.equals(s.rangeTombstones);
  }

  @Override
  public int hashCode() {
    return Objects.hash(levels, nextFileNumber, walReplayFrom, lastSequence, rangeTombstones);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("VersionState[next=").append(nextFileNumber).append(", wal=")
        .append(walReplayFrom).append(", lastSeq=").append(lastSequence);
    for (int l = 0; l < levels.size(); l++) {
      b.append(", L").append(l).append('=').append(levels.get(l).size()).append(" files/").append(levelBytes[l])
          .append(" B");
    }
    return b.append(", ").append(rangeTombstones.size()).append(" range tombstones]").toString();
  }
}
