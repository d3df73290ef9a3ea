package dev.cascade.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What {@link FaultInjectingIoEngine} knows about one file's durability: an undo log of every change made since
 * the file was last synced, and whether its directory entry is durable yet.
 *
 * <p>Before a write or truncation changes the file, the bytes it will overwrite that lie within the file's
 * current size are saved (read through a plain {@link FileChannel}) together with that size. Undoing the
 * records newest first therefore restores the file exactly as of its last sync: the synced length is the size
 * saved by the oldest record. A sync drops the records submitted before it. The union of the records' ranges
 * gives the 4 KB sectors that a crash may tear.
 *
 * <p>Thread ownership: guarded by the engine's lock.
 */
final class FileHistory {
  /** Unit of tearing: a crash keeps, reverts or garbles whole sectors. */
  static final int SECTOR_BYTES = IoEngine.ALIGNMENT_BYTES;

  /** One change to undo: restore {@code sizeBefore}, then put {@code oldBytes} back at {@code offset}. */
  private record UndoRecord(long seq, long offset, long length, byte[] oldBytes, long sizeBefore) {}

  private final ArrayList<UndoRecord> undo = new ArrayList<>();
  private Path path;
  private FileChannel reader;
  private long nextSeq;
  /** The file was created since its directory was last synced: a crash removes it. */
  private boolean pendingEntry;
  /** Deleted or replaced by a rename: handles still open on it record nothing more. */
  private boolean detached;

  FileHistory(Path path, boolean pendingEntry) {
    this.path = path;
    this.pendingEntry = pendingEntry;
  }

  Path path() {
    return path;
  }

  boolean pendingEntry() {
    return pendingEntry;
  }

  void entryDurable() {
    pendingEntry = false;
  }

  /** The name no longer refers to this file (deleted, or replaced by a rename). */
  void detach() throws IOException {
    detached = true;
    undo.clear();
    close();
  }

  /** Follows a rename: the open reader still names the same inode. */
  void movedTo(Path newPath) {
    path = newPath;
  }

  /** Saves what a write of {@code length} bytes at {@code offset} will overwrite; returns bytes saved. */
  long recordWrite(long offset, long length) throws IOException {
    if (detached) {
      return 0;
    }
    long size = reader().size();
    long savedEnd = Math.min(offset + length, size);
    byte[] old = savedEnd > offset ? readAt(reader(), offset, Math.toIntExact(savedEnd - offset)) : new byte[0];
    undo.add(new UndoRecord(nextSeq++, offset, length, old, size));
    return old.length;
  }

  /** Saves what cutting or extending the file to {@code newSize} will change; returns bytes saved. */
  long recordTruncate(long newSize) throws IOException {
    if (detached) {
      return 0;
    }
    long size = reader().size();
    if (newSize == size) {
      return 0;
    }
    long low = Math.min(newSize, size);
    byte[] old = newSize < size ? readAt(reader(), newSize, Math.toIntExact(size - newSize)) : new byte[0];
    undo.add(new UndoRecord(nextSeq++, low, Math.abs(size - newSize), old, size));
    return old.length;
  }

  /** The sequence that a sync submitted now covers: every record before it. */
  long syncPoint() {
    return nextSeq;
  }

  /** Drops the records a successful sync made durable; returns the bytes freed. */
  long synced(long syncPoint) {
    long freed = 0;
    while (!undo.isEmpty() && undo.getFirst().seq() < syncPoint) {
      freed += undo.removeFirst().oldBytes().length;
    }
    return freed;
  }

  long savedBytes() {
    long total = 0;
    for (UndoRecord r : undo) {
      total += r.oldBytes().length;
    }
    return total;
  }

  /** Puts the file into a state a power loss could leave it in; see {@link CrashMode}. */
  void restore(CrashMode mode, long seed) throws IOException {
    close();
    if (undo.isEmpty() || !Files.exists(path)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (mode == CrashMode.DROP_UNSYNCED) {
        undoAll(ch);
      } else {
        tear(ch, mode == CrashMode.GARBLE_UNSYNCED, new SplittableRandom(seed ^ path.toString().hashCode()));
      }
    }
    undo.clear();
  }

  private void undoAll(FileChannel ch) throws IOException {
    for (int i = undo.size() - 1; i >= 0; i--) {
      UndoRecord r = undo.get(i);
      setSize(ch, r.sizeBefore());
      writeAt(ch, r.offset(), r.oldBytes(), r.oldBytes().length);
    }
  }

  /**
   * Reads the current content of every touched sector, undoes everything, then picks a length (synced or
   * current) and, per touched sector, old content, new content or garbage.
   */
  private void tear(FileChannel ch, boolean garble, SplittableRandom random) throws IOException {
    long currentSize = ch.size();
    BitSet touched = touchedSectors();
    Map<Integer, byte[]> newContent = new HashMap<>();
    for (int s = touched.nextSetBit(0); s >= 0; s = touched.nextSetBit(s + 1)) {
      long start = (long) s * SECTOR_BYTES;
      int n = (int) Math.max(0, Math.min(SECTOR_BYTES, currentSize - start));
      newContent.put(s, readAt(ch, start, n));
    }
    undoAll(ch);
    long finalSize = random.nextBoolean() ? ch.size() : currentSize;
    setSize(ch, finalSize);
    for (int s = touched.nextSetBit(0); s >= 0; s = touched.nextSetBit(s + 1)) {
      long start = (long) s * SECTOR_BYTES;
      if (start >= finalSize) {
        break;
      }
      int length = (int) Math.min(SECTOR_BYTES, finalSize - start);
      int choice = random.nextInt(garble ? 3 : 2);
      byte[] content = new byte[length];
      if (choice == 0) {
        continue; // the old content, already in place
      } else if (choice == 1) {
        byte[] fresh = newContent.get(s);
        System.arraycopy(fresh, 0, content, 0, Math.min(fresh.length, length));
      } else {
        random.nextBytes(content);
      }
      writeAt(ch, start, content, length);
    }
  }

  private BitSet touchedSectors() {
    BitSet touched = new BitSet();
    for (UndoRecord r : undo) {
      if (r.length() > 0) {
        int first = Math.toIntExact(r.offset() / SECTOR_BYTES);
        int end = Math.toIntExact((r.offset() + r.length() + SECTOR_BYTES - 1) / SECTOR_BYTES);
        touched.set(first, end);
      }
    }
    return touched;
  }

  void close() throws IOException {
    if (reader != null) {
      FileChannel r = reader;
      reader = null;
      r.close();
    }
  }

  private FileChannel reader() throws IOException {
    if (reader == null) {
      reader = FileChannel.open(path, StandardOpenOption.READ);
    }
    return reader;
  }

  private static void setSize(FileChannel ch, long size) throws IOException {
    if (size < ch.size()) {
      ch.truncate(size);
    } else if (size > ch.size()) {
      ch.write(ByteBuffer.allocate(1), size - 1);
    }
  }

  private static byte[] readAt(FileChannel ch, long offset, int length) throws IOException {
    ByteBuffer bb = ByteBuffer.allocate(length);
    while (bb.hasRemaining() && ch.read(bb, offset + bb.position()) > 0) {
      // Loop: a positional read may return fewer bytes than asked before end of file.
    }
    return bb.array();
  }

  private static void writeAt(FileChannel ch, long offset, byte[] bytes, int length) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(bytes, 0, length);
    while (bb.hasRemaining()) {
      ch.write(bb, offset + bb.position());
    }
  }

  @Override
  public String toString() {
    return "FileHistory[" + path + ", " + undo.size() + " unsynced changes" + (pendingEntry ? ", new" : "") + "]";
  }
}
