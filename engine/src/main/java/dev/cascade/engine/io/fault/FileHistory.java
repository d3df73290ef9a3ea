package dev.cascade.engine.io.fault;

import dev.cascade.engine.io.IoEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What {@link FaultInjectingIoEngine} knows about one file's durability: an undo log of the changes not yet
 * known to be durable, whether its directory entry is durable yet, and how many handles are open on it.
 *
 * <p>Before a write or truncation changes the file, the bytes it will overwrite that lie within the file's
 * current size are saved (read through a plain {@link FileChannel}); the rest of its range was beyond the end of
 * the file, so its old content is zeros. Each record moves through states: a write is {@code IN_FLIGHT} until
 * its delegate operation completes (truncations complete at once); a sync submitted after it completed makes it
 * {@code DURABLE} (its old bytes are dropped) or, if the sync fails, {@code LOST} for good: Linux may drop the
 * dirty pages of a failed fsync, so a later successful fsync does not bring the data back. Records of writes
 * still in flight, or completed after the sync was submitted, stay unsynced.
 *
 * <p>A crash undoes the records that are not durable, newest first, each over its range minus the ranges of
 * newer durable records (the durable data written over it must survive), then sets the durable length: the
 * length before the oldest record, advanced by the durable records in order. Durable records stay in the log,
 * range only, while an older record is not durable; then they are folded into that base length.
 *
 * <p>Thread ownership: guarded by the engine's lock.
 */
final class FileHistory {
  /** Unit of tearing: a crash keeps, reverts or garbles whole sectors. */
  static final int SECTOR_BYTES = IoEngine.ALIGNMENT_BYTES;

  private static final byte[] NO_BYTES = new byte[0];

  enum State { IN_FLIGHT, COMPLETED, DURABLE, LOST }

  /**
   * One change to undo: {@code [offset, offset + length)} gets {@code oldBytes} back, zeros beyond them. A
   * truncation to {@code truncatedTo} (-1 for a write) covers the bytes it cut or added.
   */
  static final class Change {
    final long offset;
    final long length;
    final long truncatedTo;
    private byte[] oldBytes;
    private State state;
    /** Position of this change among the file's completions; valid once completed. */
    private long completedAt;

    private Change(long offset, long length, long truncatedTo, byte[] oldBytes, State state) {
      this.offset = offset;
      this.length = length;
      this.truncatedTo = truncatedTo;
      this.oldBytes = oldBytes;
      this.state = state;
    }

    long end() {
      return offset + length;
    }

    State state() {
      return state;
    }

    long savedBytes() {
      return oldBytes.length;
    }

    /** The file length after this change, given the length before it. */
    long sizeAfter(long sizeBefore) {
      return truncatedTo >= 0 ? truncatedTo : Math.max(sizeBefore, end());
    }
  }

  private final ArrayList<Change> undo = new ArrayList<>();
  private Path path;
  private FileChannel reader;
  /** The durable length before the oldest record; meaningful while there are records. */
  private long baseSize;
  /** Completions so far: a sync covers the changes completed up to the count when it was submitted. */
  private long completions;
  private int handles;
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

  void handleOpened() {
    handles++;
  }

  /** A handle closed; the last one also closes the reader, which only recording needs. */
  void handleClosed() throws IOException {
    handles--;
    if (handles == 0) {
      close();
    }
  }

  /** Nothing to remember: no handle, no record, a durable entry. The engine may drop it. */
  boolean idle() {
    return handles == 0 && undo.isEmpty() && !pendingEntry;
  }

  /** Forgotten: its deletion or replacement is durable, or its creation never was. */
  void detach() throws IOException {
    detached = true;
    undo.clear();
    close();
  }

  /** Follows a rename: the open reader still names the same inode. */
  void movedTo(Path newPath) {
    path = newPath;
  }

  /** Saves what a write of {@code length} bytes at {@code offset} will overwrite; null once detached. */
  Change recordWrite(long offset, long length) throws IOException {
    if (detached) {
      return null;
    }
    long size = reader().size();
    long savedEnd = Math.min(offset + length, size);
    byte[] old = savedEnd > offset ? readAt(reader(), offset, Math.toIntExact(savedEnd - offset)) : NO_BYTES;
    return add(new Change(offset, length, -1, old, State.IN_FLIGHT), size);
  }

  /** Saves what cutting or extending the file to {@code newSize} will change; null if nothing will. */
  Change recordTruncate(long newSize) throws IOException {
    if (detached) {
      return null;
    }
    long size = reader().size();
    if (newSize == size) {
      return null;
    }
    long low = Math.min(newSize, size);
    byte[] old = newSize < size ? readAt(reader(), newSize, Math.toIntExact(size - newSize)) : NO_BYTES;
    Change c = add(new Change(low, Math.abs(size - newSize), newSize, old, State.IN_FLIGHT), size);
    completed(c); // a truncation is synchronous
    return c;
  }

  private Change add(Change c, long sizeNow) {
    if (undo.isEmpty()) {
      baseSize = sizeNow;
    }
    undo.add(c);
    return c;
  }

  /** The operation of {@code c} completed (or failed): a sync submitted from now on covers it. */
  void completed(Change c) {
    if (c.state == State.IN_FLIGHT) {
      c.state = State.COMPLETED;
      c.completedAt = ++completions;
    }
  }

  /** What a sync submitted now covers: the changes completed so far. */
  long syncMark() {
    return completions;
  }

  /**
   * A sync submitted at {@code mark} succeeded: the changes completed by then, and {@code own} (the write linked
   * to it, or null), are durable. Returns the bytes of undo data freed.
   */
  long synced(long mark, Change own) {
    long freed = 0;
    for (Change c : undo) {
      if (covered(c, mark, own)) {
        freed += c.oldBytes.length;
        c.oldBytes = NO_BYTES;
        c.state = State.DURABLE;
      }
    }
    while (!undo.isEmpty() && undo.getFirst().state == State.DURABLE) {
      baseSize = undo.removeFirst().sizeAfter(baseSize);
    }
    return freed;
  }

  /** A sync submitted at {@code mark} failed: what it covered is lost, whatever later syncs do. */
  void syncFailed(long mark, Change own) {
    for (Change c : undo) {
      if (covered(c, mark, own)) {
        c.state = State.LOST;
      }
    }
  }

  private static boolean covered(Change c, long mark, Change own) {
    return c == own || (c.state == State.COMPLETED && c.completedAt <= mark);
  }

  /** The operation of {@code c} failed: whatever part of it landed never becomes durable. */
  void failed(Change c) {
    c.state = State.LOST;
  }

  /** Drops a change whose operation never started (the delegate rejected it). */
  long discard(Change c) {
    return undo.remove(c) ? c.oldBytes.length : 0;
  }

  long savedBytes() {
    long total = 0;
    for (Change c : undo) {
      total += c.oldBytes.length;
    }
    return total;
  }

  /** The length a crash leaves: the base length advanced by the durable changes, in order. */
  long durableSize() {
    long size = baseSize;
    for (Change c : undo) {
      if (c.state == State.DURABLE) {
        size = c.sizeAfter(size);
      }
    }
    return size;
  }

  /** Puts the file into a state a power loss could leave it in; see {@link CrashMode}. */
  void restore(CrashMode mode, long seed) throws IOException {
    close();
    if (undo.isEmpty() || !Files.exists(path)) {
      undo.clear();
      return;
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (mode == CrashMode.DROP_UNSYNCED) {
        undoAll(ch, false);
        setSize(ch, durableSize());
      } else {
        tear(ch, mode == CrashMode.GARBLE_UNSYNCED, new SplittableRandom(seed ^ path.toString().hashCode()));
      }
    }
    undo.clear();
  }

  /**
   * Undoes the changes that are not durable (only the lost ones if {@code lostOnly}), newest first, sparing
   * the ranges of newer durable changes.
   */
  private void undoAll(FileChannel ch, boolean lostOnly) throws IOException {
    List<long[]> spared = new ArrayList<>();
    for (int i = undo.size() - 1; i >= 0; i--) {
      Change c = undo.get(i);
      if (c.state == State.DURABLE) {
        spared.add(new long[] {c.offset, c.end()});
      } else if (!lostOnly || c.state == State.LOST) {
        for (long[] piece : subtract(c.offset, c.end(), spared)) {
          writeAt(ch, piece[0], oldContent(c, piece[0], Math.toIntExact(piece[1] - piece[0])));
        }
      }
    }
  }

  /** The old content of {@code [from, from + n)} of {@code c}'s range: saved bytes, then zeros. */
  private static byte[] oldContent(Change c, long from, int n) {
    byte[] out = new byte[n];
    int skip = Math.toIntExact(from - c.offset);
    int saved = Math.max(0, Math.min(n, c.oldBytes.length - skip));
    if (saved > 0) {
      System.arraycopy(c.oldBytes, skip, out, 0, saved);
    }
    return out;
  }

  /** {@code [start, end)} minus the ranges in {@code holes}. */
  private static List<long[]> subtract(long start, long end, List<long[]> holes) {
    List<long[]> pieces = new ArrayList<>();
    pieces.add(new long[] {start, end});
    for (long[] h : holes) {
      List<long[]> next = new ArrayList<>();
      for (long[] p : pieces) {
        if (h[1] <= p[0] || h[0] >= p[1]) {
          next.add(p);
          continue;
        }
        if (p[0] < h[0]) {
          next.add(new long[] {p[0], h[0]});
        }
        if (h[1] < p[1]) {
          next.add(new long[] {h[1], p[1]});
        }
      }
      pieces = next;
    }
    return pieces;
  }

  /**
   * Reads the current content of every touched sector, undoes everything, then picks a length (durable or
   * current) and, per touched sector, old content, new content or garbage. Lost changes are undone again at the
   * end: their data is gone whatever the sectors did.
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
    undoAll(ch, false);
    setSize(ch, durableSize());
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
      writeAt(ch, start, content);
    }
    undoAll(ch, true);
    setSize(ch, finalSize);
  }

  private BitSet touchedSectors() {
    BitSet touched = new BitSet();
    for (Change c : undo) {
      if (c.length > 0 && c.state != State.DURABLE) {
        int first = Math.toIntExact(c.offset / SECTOR_BYTES);
        int end = Math.toIntExact((c.end() + SECTOR_BYTES - 1) / SECTOR_BYTES);
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

  private static void writeAt(FileChannel ch, long offset, byte[] bytes) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    while (bb.hasRemaining()) {
      ch.write(bb, offset + bb.position());
    }
  }

  @Override
  public String toString() {
    return "FileHistory[" + path + ", " + undo.size() + " changes" + (pendingEntry ? ", new" : "") + ", " + handles
        + " handles]";
  }
}
