package dev.cascade.engine.version;

import dev.cascade.engine.key.KeyOrder;
import java.util.List;

/**
 * One compaction chosen by {@link CompactionPicker}: merge {@code inputs} (from {@code level}) with
 * {@code nextLevelInputs} (the files of {@code outputLevel} that overlap them) into new files of
 * {@code outputLevel}.
 *
 * @param level the level the compaction starts from
 * @param outputLevel where its output goes: {@code level + 1}, or {@code level} itself when a manual compaction
 *     rewrites the last level
 * @param inputs files of {@code level}, in that level's order
 * @param nextLevelInputs files of {@code outputLevel} overlapping the inputs' key range (empty when
 *     {@code outputLevel == level})
 * @param isBottommost no level below {@code outputLevel} holds a file overlapping the compaction's key range,
 *     so the output may drop tombstones (and versions no snapshot needs)
 *     <p>Immutable.
 */
public record Compaction(
    int level, int outputLevel, List<FileMeta> inputs, List<FileMeta> nextLevelInputs, boolean isBottommost) {

  public Compaction {
    inputs = List.copyOf(inputs);
    nextLevelInputs = List.copyOf(nextLevelInputs);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("a compaction needs at least one input file");
    }
    if (outputLevel != level && outputLevel != level + 1) {
      throw new IllegalArgumentException("output level " + outputLevel + " for input level " + level);
    }
  }

  /** Smallest user key over all input files. */
  public byte[] smallestKey() {
    byte[] lo = inputs.getFirst().smallestKey();
    for (FileMeta f : inputs) {
      lo = KeyOrder.compare(f.smallestKey(), lo) < 0 ? f.smallestKey() : lo;
    }
    for (FileMeta f : nextLevelInputs) {
      lo = KeyOrder.compare(f.smallestKey(), lo) < 0 ? f.smallestKey() : lo;
    }
    return lo;
  }

  /** Largest user key over all input files. */
  public byte[] largestKey() {
    byte[] hi = inputs.getFirst().largestKey();
    for (FileMeta f : inputs) {
      hi = KeyOrder.compare(f.largestKey(), hi) > 0 ? f.largestKey() : hi;
    }
    for (FileMeta f : nextLevelInputs) {
      hi = KeyOrder.compare(f.largestKey(), hi) > 0 ? f.largestKey() : hi;
    }
    return hi;
  }

  /** Bytes the compaction reads. */
  public long inputBytes() {
    long n = 0;
    for (FileMeta f : inputs) {
      n += f.sizeBytes();
    }
    for (FileMeta f : nextLevelInputs) {
      n += f.sizeBytes();
    }
    return n;
  }

  /**
   * True when the compaction can move its single input down a level without rewriting it: one input, nothing
   * to merge with in the output level.
   */
  public boolean isTrivialMove() {
    return outputLevel == level + 1 && inputs.size() == 1 && nextLevelInputs.isEmpty();
  }

  /** The edit that replaces every input with {@code outputs} in {@link #outputLevel()}. */
  public VersionEdit toEdit(List<FileMeta> outputs) {
    VersionEdit e = new VersionEdit();
    for (FileMeta f : inputs) {
      e.deleteFile(level, f.fileNumber());
    }
    for (FileMeta f : nextLevelInputs) {
      e.deleteFile(outputLevel, f.fileNumber());
    }
    for (FileMeta f : outputs) {
      e.addFile(outputLevel, f);
    }
    return e;
  }
}
