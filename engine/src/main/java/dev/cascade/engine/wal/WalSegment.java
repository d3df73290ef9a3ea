package dev.cascade.engine.wal;

import dev.cascade.engine.io.IoFile;
import java.nio.file.Path;

/**
 * One segment file of the ring and what the WAL knows of it: which generations it holds.
 *
 * <p>Owned by its WAL (the shard's thread).
 */
final class WalSegment {
  final int index;
  final Path path;
  final IoFile file;
  final long sizeBytes;
  /** Generation of the LINK at offset 0, or 0 when the segment holds none (never used, or torn at creation). */
  int firstGeneration;
  /** The previous log end named by the LINK at offset 0. */
  long linkPrevEnd;
  /** Newest generation holding records the writer has not been told to retire; 0 when free. */
  int lastGeneration;
  /** Recovery: where the next segment of the log says this one ends, or {@link WalPosition#NONE}. */
  long bound = WalPosition.NONE;

  WalSegment(int index, Path path, IoFile file, long sizeBytes) {
    this.index = index;
    this.path = path;
    this.file = file;
    this.sizeBytes = sizeBytes;
  }

  /** Position just past everything this segment can hold, or 0 when it is free. */
  long endPosition() {
    return lastGeneration == 0 ? 0 : WalPosition.of(lastGeneration, sizeBytes);
  }

  static String fileName(int index) {
    return String.format("wal-%06d.log", index);
  }

  @Override
  public String toString() {
    return "WalSegment[" + path.getFileName() + ", generations " + firstGeneration + ".." + lastGeneration + "]";
  }
}
