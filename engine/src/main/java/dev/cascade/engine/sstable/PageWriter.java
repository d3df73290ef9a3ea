package dev.cascade.engine.sstable;

import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Appends whole pages to a file through an {@link IoQueue}, asynchronously: pages gather in one of
 * {@link #WRITES_IN_FLIGHT_MAX} aligned batch buffers of {@link #BATCH_PAGES} pages; a full buffer is submitted as
 * one write and the next buffer is used, awaiting its previous write first when every buffer is in flight. So at
 * most that many writes are outstanding and no buffer is touched while the kernel reads it.
 *
 * <p>Cache on write: with {@link #offerTo} set, each page below {@link #offerPagesBelow}'s limit is handed to the
 * receiver once its write has completed successfully, before its buffer is reused.
 *
 * <p>Thread ownership: owned by the thread that owns the queue.
 */
final class PageWriter implements AutoCloseable {
  static final int BATCH_PAGES = 16;
  static final int WRITES_IN_FLIGHT_MAX = 4;

  private final IoQueue queue;
  private final IoFile file;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment[] buffers = new MemorySegment[WRITES_IN_FLIGHT_MAX];
  private final Promise<?>[] inFlight = new Promise<?>[WRITES_IN_FLIGHT_MAX];
  private int current;
  private int pagesInBuffer;
  /** Pages handed out so far (written, in flight or in the current buffer). */
  private long pages;
  private long bufferFirstPage;
  /** Per buffer: the first page and the page count of its write in flight. */
  private final long[] writeFirstPage = new long[WRITES_IN_FLIGHT_MAX];
  private final int[] writePages = new int[WRITES_IN_FLIGHT_MAX];
  private WrittenPages written;
  private long offerLimit = Long.MAX_VALUE;

  /** Receives pages whose write succeeded. */
  interface WrittenPages {
    /** {@code page} is valid only during the call. */
    void written(long pageNo, MemorySegment page);
  }

  PageWriter(IoQueue queue, IoFile file) {
    this.queue = queue;
    this.file = file;
    for (int i = 0; i < WRITES_IN_FLIGHT_MAX; i++) {
      buffers[i] = arena.allocate((long) BATCH_PAGES * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
    }
  }

  /** Hands every page written from now on (below the {@link #offerPagesBelow} limit) to {@code receiver}. */
  void offerTo(WrittenPages receiver) {
    this.written = receiver;
  }

  /** Pages from {@code limit} on are written but not offered (pages nobody reads through a cache). */
  void offerPagesBelow(long limit) {
    this.offerLimit = limit;
  }

  /**
   * The write a task should wait for before appending more, or null: once the current buffer is half full, the
   * write that last used the buffer after it, if that write is still in flight. Appending on regardless is
   * correct, but the next submission would then block the thread in {@code queue.await} until the device
   * catches up, holding up every other task of the shard; a task that waits for this promise instead
   * ({@code Promise.await}) leaves the thread to them.
   */
  Promise<?> writeToWaitFor() {
    if (pagesInBuffer < BATCH_PAGES / 2) {
      return null;
    }
    Promise<?> p = inFlight[(current + 1) % WRITES_IN_FLIGHT_MAX];
    return p != null && !p.isDone() ? p : null;
  }

  /** Number of the next page to be handed out; also the pages appended so far. */
  long nextPage() {
    return pages;
  }

  /** A zeroed page slot at page {@link #nextPage()}, to fill before the next call on this writer. */
  MemorySegment reservePage() {
    if (pagesInBuffer == BATCH_PAGES) {
      submitCurrent();
    }
    MemorySegment page = buffers[current].asSlice((long) pagesInBuffer * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
    page.fill((byte) 0);
    pagesInBuffer++;
    pages++;
    return page;
  }

  /** Appends {@code block} (whole pages) and returns its first page number. */
  long append(MemorySegment block) {
    long first = pages;
    long n = block.byteSize() / SstFormat.PAGE_BYTES;
    for (long i = 0; i < n; i++) {
      MemorySegment.copy(block, i * SstFormat.PAGE_BYTES, reservePage(), 0, SstFormat.PAGE_BYTES);
    }
    return first;
  }

  private void submitCurrent() {
    if (pagesInBuffer > 0) {
      MemorySegment src = buffers[current].asSlice(0, (long) pagesInBuffer * SstFormat.PAGE_BYTES);
      inFlight[current] = queue.write(file, bufferFirstPage * SstFormat.PAGE_BYTES, src);
      writeFirstPage[current] = bufferFirstPage;
      writePages[current] = pagesInBuffer;
      bufferFirstPage += pagesInBuffer;
      pagesInBuffer = 0;
    }
    current = (current + 1) % WRITES_IN_FLIGHT_MAX;
    awaitSlot(current);
  }

  private void awaitSlot(int slot) {
    Promise<?> p = inFlight[slot];
    if (p != null) {
      inFlight[slot] = null;
      queue.await(p);
      try {
        p.getLong(); // rethrows the write's failure
      } finally {
        p.release();
      }
      if (written != null) {
        for (int i = 0; i < writePages[slot] && writeFirstPage[slot] + i < offerLimit; i++) {
          written.written(writeFirstPage[slot] + i,
              buffers[slot].asSlice((long) i * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES));
        }
      }
    }
  }

  /** Submits what is buffered, waits for every write, then fdatasyncs the file. */
  void finish() {
    submitCurrent();
    for (int i = 0; i < WRITES_IN_FLIGHT_MAX; i++) {
      awaitSlot(i);
    }
    Promise<Void> sync = queue.sync(file, true);
    queue.await(sync);
    try {
      sync.getLong();
    } finally {
      sync.release();
    }
  }

  /** Waits for every write in flight, ignoring failures (the file is being abandoned), and frees the buffers. */
  @Override
  public void close() {
    for (int i = 0; i < WRITES_IN_FLIGHT_MAX; i++) {
      Promise<?> p = inFlight[i];
      if (p != null) {
        inFlight[i] = null;
        queue.await(p);
        p.release();
      }
    }
    arena.close();
  }
}
