package dev.cascade.engine.wal;

import dev.cascade.engine.CascadeException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One group commit: the pages built from the records appended while the previous group was in flight, in one
 * aligned buffer, and the I/O steps that put them on disk in order: a write of a run of pages (linked to a sync
 * when the step ends a segment, carries a LINK page, or ends a synced group) or a sync alone. A group touches
 * more than one segment only when it crosses into the next one.
 *
 * <p>The buffer grows by doubling up to {@link #BUFFER_BYTES_MAX} and shrinks back after a large group. Owned by
 * its WAL (the shard's thread); the buffer is untouched while its group is in flight.
 */
final class WalGroup {
  /** Buffer a group starts with. */
  static final long BUFFER_BYTES_INITIAL = 32 << 10;
  /** A buffer above this size is freed once its group is done. */
  static final long BUFFER_BYTES_RETAINED = 4 << 20;
  /** Most bytes one group may hold: records appended without a commit are bounded by this. */
  static final long BUFFER_BYTES_MAX = 512L << 20;

  /** A write of {@code lengthBytes} from the buffer at {@code bufferOffset} (0 bytes: a sync alone). */
  static final class Step {
    final WalSegment segment;
    final long fileOffset;
    final long bufferOffset;
    long lengthBytes;
    boolean sync;
    /** No more pages may be added to this step. */
    boolean closed;

    Step(WalSegment segment, long fileOffset, long bufferOffset) {
      this.segment = segment;
      this.fileOffset = fileOffset;
      this.bufferOffset = bufferOffset;
    }
  }

  private Arena arena;
  private MemorySegment buffer;
  private long fillBytes;
  private final List<Step> steps = new ArrayList<>();
  int records;
  /** Position after the last record of the group (set when issued). */
  long endPosition;
  boolean synced;

  WalGroup() {
    allocate(BUFFER_BYTES_INITIAL);
  }

  private void allocate(long bytes) {
    // Confined: only the owner thread (and the kernel, which an arena does not track) touches the buffer.
    arena = Arena.ofConfined();
    buffer = arena.allocate(bytes, WalFormat.PAGE_BYTES);
  }

  List<Step> steps() {
    return steps;
  }

  MemorySegment buffer() {
    return buffer;
  }

  long fillBytes() {
    return fillBytes;
  }

  boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Starts the page at {@code fileOffset} of {@code segment}, zero-filled, and returns it. */
  MemorySegment openPage(WalSegment segment, long fileOffset) {
    ensureCapacity(fillBytes + WalFormat.PAGE_BYTES);
    MemorySegment page = buffer.asSlice(fillBytes, WalFormat.PAGE_BYTES);
    page.fill((byte) 0);
    Step last = steps.isEmpty() ? null : steps.getLast();
    if (last != null && !last.closed && last.segment == segment && last.fileOffset + last.lengthBytes == fileOffset) {
      last.lengthBytes += WalFormat.PAGE_BYTES;
    } else {
      Step s = new Step(segment, fileOffset, fillBytes);
      s.lengthBytes = WalFormat.PAGE_BYTES;
      steps.add(s);
    }
    fillBytes += WalFormat.PAGE_BYTES;
    return page;
  }

  /** True when the last page started is the page at {@code fileOffset} of {@code segment}, still open. */
  boolean hasOpenPage(WalSegment segment, long fileOffset) {
    if (steps.isEmpty()) {
      return false;
    }
    Step last = steps.getLast();
    return !last.closed && last.segment == segment && last.lengthBytes > 0
        && last.fileOffset + last.lengthBytes - WalFormat.PAGE_BYTES == fileOffset;
  }

  /** The last page started. */
  MemorySegment currentPage() {
    return buffer.asSlice(fillBytes - WalFormat.PAGE_BYTES, WalFormat.PAGE_BYTES);
  }

  /**
   * Makes sure everything written to {@code segment} so far is synced before any later step runs: the open write
   * step into it becomes a write-and-sync, or a sync step is added.
   */
  void syncSegment(WalSegment segment) {
    Step last = steps.isEmpty() ? null : steps.getLast();
    if (last != null && last.segment == segment && last.sync) {
      return; // Its last step (a LINK page, say) syncs it already.
    }
    if (last != null && !last.closed && last.segment == segment && last.lengthBytes > 0) {
      last.sync = true;
      last.closed = true;
    } else {
      Step s = new Step(segment, 0, 0);
      s.sync = true;
      s.closed = true;
      steps.add(s);
    }
  }

  /** Ends the current step: the next page starts a new one (a LINK page is written and synced on its own). */
  void closeStep(boolean sync) {
    Step last = steps.getLast();
    last.sync = sync;
    last.closed = true;
  }

  /**
   * Grows the buffer to hold {@code bytes}: to exactly what is asked (rounded up to {@link #BUFFER_BYTES_INITIAL})
   * when that is more than double, so that one large record costs one allocation, not a series of doublings
   * (fresh off-heap memory is zeroed and faulted in: the cost is per byte).
   */
  void ensureCapacity(long bytes) {
    if (bytes <= buffer.byteSize()) {
      return;
    }
    if (bytes > BUFFER_BYTES_MAX) {
      throw new CascadeException("WAL group of " + bytes + " bytes exceeds the limit of " + BUFFER_BYTES_MAX
          + " bytes: commit more often");
    }
    long rounded = (bytes + BUFFER_BYTES_INITIAL - 1) / BUFFER_BYTES_INITIAL * BUFFER_BYTES_INITIAL;
    long size = Math.min(Math.max(rounded, buffer.byteSize() * 2), BUFFER_BYTES_MAX);
    Arena old = arena;
    MemorySegment oldBuffer = buffer;
    allocate(size);
    MemorySegment.copy(oldBuffer, 0, buffer, 0, fillBytes);
    old.close();
  }

  /** Empties the group for reuse, freeing a large buffer. Only when the group is not in flight. */
  void reset() {
    steps.clear();
    fillBytes = 0;
    records = 0;
    endPosition = 0;
    synced = false;
    if (buffer.byteSize() > BUFFER_BYTES_RETAINED) {
      arena.close();
      allocate(BUFFER_BYTES_INITIAL);
    }
  }

  void free() {
    arena.close();
  }
}
