package dev.cascade.engine.version;

import dev.cascade.engine.key.RangeTombstone;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One atomic change of a shard's version state: files added and removed per level, range tombstones added and
 * removed, and new values for the WAL replay position, the next file number and the last sequence. Built by a
 * flush or a compaction, applied with {@link VersionState#apply}, which checks it against the state. Removals
 * apply before additions, so an edit may move a file between levels (a trivial move) by deleting and adding it.
 *
 * <p>Thread ownership: owned by the thread that builds it; once handed to {@link VersionState#apply} it is only
 * read.
 */
public final class VersionEdit {
  /** Marks an unset long field. */
  static final long UNSET = Long.MIN_VALUE;

  private final Map<Integer, List<FileMeta>> added = new TreeMap<>();
  private final Map<Integer, Set<Long>> deleted = new TreeMap<>();
  private final List<RangeTombstone> tombstonesAdded = new ArrayList<>();
  private final List<RangeTombstone> tombstonesRemoved = new ArrayList<>();
  private long walReplayFrom = UNSET;
  private long nextFileNumber = UNSET;
  private long lastSequence = UNSET;

  /** Adds {@code file} to {@code level}. */
  public VersionEdit addFile(int level, FileMeta file) {
    checkLevel(level);
    added.computeIfAbsent(level, l -> new ArrayList<>()).add(Objects.requireNonNull(file, "file"));
    return this;
  }

  /** Removes the file numbered {@code fileNumber} from {@code level}; it must be there when applied. */
  public VersionEdit deleteFile(int level, long fileNumber) {
    checkLevel(level);
    if (!deleted.computeIfAbsent(level, l -> new LinkedHashSet<>()).add(fileNumber)) {
      throw new IllegalArgumentException("file " + fileNumber + " deleted twice from L" + level);
    }
    return this;
  }

  /** The WAL position that recovery replays from once this edit is durable. */
  public VersionEdit walReplayFrom(long position) {
    if (position < 0) {
      throw new IllegalArgumentException("walReplayFrom must not be negative: " + position);
    }
    this.walReplayFrom = position;
    return this;
  }

  /** The next file number to hand out; never below the state's. */
  public VersionEdit nextFileNumber(long next) {
    if (next < 1) {
      throw new IllegalArgumentException("nextFileNumber must be at least 1: " + next);
    }
    this.nextFileNumber = next;
    return this;
  }

  /** The last sequence the state's files and the WAL before {@code walReplayFrom} hold; never below the state's. */
  public VersionEdit lastSequence(long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("lastSequence must not be negative: " + sequence);
    }
    this.lastSequence = sequence;
    return this;
  }

  public VersionEdit addTombstone(RangeTombstone t) {
    tombstonesAdded.add(Objects.requireNonNull(t, "tombstone"));
    return this;
  }

  /** Removes a tombstone equal to {@code t}; one must be in the state when applied. */
  public VersionEdit removeTombstone(RangeTombstone t) {
    tombstonesRemoved.add(Objects.requireNonNull(t, "tombstone"));
    return this;
  }

  /** Files added to {@code level}, in the order added. */
  public List<FileMeta> addedFiles(int level) {
    return Collections.unmodifiableList(added.getOrDefault(level, List.of()));
  }

  /** Numbers of the files deleted from {@code level}. */
  public Set<Long> deletedFiles(int level) {
    return Collections.unmodifiableSet(deleted.getOrDefault(level, Set.of()));
  }

  /** Highest level this edit touches, or -1. */
  public int highestLevel() {
    int h = -1;
    for (int l : added.keySet()) {
      h = Math.max(h, l);
    }
    for (int l : deleted.keySet()) {
      h = Math.max(h, l);
    }
    return h;
  }

  public List<RangeTombstone> addedTombstones() {
    return Collections.unmodifiableList(tombstonesAdded);
  }

  public List<RangeTombstone> removedTombstones() {
    return Collections.unmodifiableList(tombstonesRemoved);
  }

  public boolean hasWalReplayFrom() {
    return walReplayFrom != UNSET;
  }

  public long walReplayFrom() {
    return walReplayFrom;
  }

  public boolean hasNextFileNumber() {
    return nextFileNumber != UNSET;
  }

  public long nextFileNumber() {
    return nextFileNumber;
  }

  public boolean hasLastSequence() {
    return lastSequence != UNSET;
  }

  public long lastSequence() {
    return lastSequence;
  }

  private static void checkLevel(int level) {
    if (level < 0 || level >= VersionState.LEVELS_MAX) {
      throw new IllegalArgumentException("level must be between 0 and " + (VersionState.LEVELS_MAX - 1) + ": "
          + level);
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("VersionEdit[");
    added.forEach((l, fs) -> fs.forEach(f -> b.append("+L").append(l).append('#').append(f.fileNumber()).append(' ')));
    deleted.forEach((l, ns) -> ns.forEach(n -> b.append("-L").append(l).append('#').append(n).append(' ')));
    tombstonesAdded.forEach(t -> b.append('+').append(t).append(' '));
    tombstonesRemoved.forEach(t -> b.append('-').append(t).append(' '));
    if (hasWalReplayFrom()) {
      b.append("walReplayFrom=").append(walReplayFrom).append(' ');
    }
    if (hasNextFileNumber()) {
      b.append("nextFileNumber=").append(nextFileNumber).append(' ');
    }
    if (hasLastSequence()) {
      b.append("lastSequence=").append(lastSequence).append(' ');
    }
    return b.toString().stripTrailing() + "]";
  }
}
