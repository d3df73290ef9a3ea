package dev.cascade.engine.io.uring;

import dev.cascade.engine.io.BaseIoFile;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.OpenFlag;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file opened by {@link UringIoEngine}: its path, its open flags and the kernel file descriptor that
 * {@link UringQueue} puts into SQEs.
 *
 * <p>It also keeps the account that lets {@link UringQueue#writeAndSync} use one {@code RWF_DSYNC} write instead
 * of a write linked to an fsync (see {@link #allWritesSynced()}): writes whose data no sync covers yet are
 * numbered when they start ({@link #unsyncedWriteStarted()}), counted while in flight, and a sync that starts
 * while none is in flight covers every number up to the last ({@link #syncCoverage()}); once it succeeds,
 * {@link #synced(long)} records that. The count is per descriptor: writes made through another descriptor of
 * the same file, or by another process, are not seen.
 *
 * <p><b>Closing.</b> Every operation that puts the descriptor into an SQE or a system call holds it from
 * {@link #acquire()} until {@link #release()} (for a queued operation: until its completion). {@link #close()}
 * only marks the file closed while any is held, and the last {@link #release()} closes the descriptor: until
 * then the kernel may still resolve the number (an SQE in the backlog, in the SQ but not yet submitted, or a
 * linked fsync not yet issued), and closing it earlier would let another open reuse the number under it. An
 * operation started after {@link #close()} fails with EBADF; closing twice is harmless.
 *
 * <p>Thread ownership: thread-safe (queues of several shards may share a file, and any thread may close it).
 */
final class UringFile extends BaseIoFile {
  /** Bit of {@link #holds} set by {@link #close()}; the other bits count the holders of the descriptor. */
  private static final int CLOSE_REQUESTED = 1 << 30;

  private final int fd;
  /** {@link #CLOSE_REQUESTED} once closed, plus the number of operations holding the descriptor. */
  private final AtomicInteger holds = new AtomicInteger();
  /** Writes started whose data their own operation does not make durable (plain writes, failed synced ones). */
  private final AtomicLong unsyncedWrites = new AtomicLong();
  /** Of those, the ones still in flight. */
  private final AtomicInteger unsyncedInFlight = new AtomicInteger();
  /** The highest number of {@link #unsyncedWrites} that a successful sync is known to cover. */
  private final AtomicLong syncedWrites = new AtomicLong();

  /** {@link OpenFlag#INLINE_SMALL_WRITES} on a buffered file. */
  private final boolean inlineSmallWrites;

  UringFile(Path path, int fd, boolean direct, boolean writable, boolean inlineSmallWrites) {
    super(path, direct, writable);
    this.fd = fd;
    this.inlineSmallWrites = inlineSmallWrites;
  }

  /** Small writes are made at once with pwrite(2) ({@link OpenFlag#INLINE_SMALL_WRITES}). */
  boolean inlineSmallWrites() {
    return inlineSmallWrites;
  }

  /** The handle as this engine's type; any other handle is a programming error. */
  static UringFile of(IoFile file) {
    if (file instanceof UringFile f) {
      return f;
    }
    throw new IllegalArgumentException("not a file of the io_uring engine: " + file);
  }

  /** The descriptor; valid only between {@link #acquire()} and {@link #release()}. */
  int fd() {
    return fd;
  }

  /**
   * Holds the descriptor open for one operation; false (and nothing held) once the file is closed. Every true
   * must be followed by exactly one {@link #release()}.
   */
  boolean acquire() {
    int h;
    do {
      h = holds.get();
      if ((h & CLOSE_REQUESTED) != 0) {
        return false;
      }
    } while (!holds.compareAndSet(h, h + 1));
    return true;
  }

  /** An operation of {@link #acquire()} is over: if the file was closed meanwhile and it was the last, closes the descriptor. */
  void release() {
    if (holds.decrementAndGet() == CLOSE_REQUESTED) {
      closeDescriptor();
    }
  }

  /**
   * Closes the file: at once if no operation holds the descriptor, else when the last one releases it. Returns
   * the result of close(2) when it ran now (0 or -errno), else 0. Closing again does nothing.
   */
  int close() {
    int h;
    do {
      h = holds.get();
      if ((h & CLOSE_REQUESTED) != 0) {
        return 0;
      }
    } while (!holds.compareAndSet(h, h | CLOSE_REQUESTED));
    return h == 0 ? closeDescriptor() : 0;
  }

  /** True once {@link #close()} was called, whether or not the descriptor is closed yet. */
  boolean closed() {
    return (holds.get() & CLOSE_REQUESTED) != 0;
  }

  /** Operations holding the descriptor (tests). */
  int holders() {
    return holds.get() & ~CLOSE_REQUESTED;
  }

  /**
   * close(2). Linux releases the descriptor whatever it reports; a deferred close has nobody to report a failure
   * to (the data was made durable, or not, by the syncs before).
   */
  private int closeDescriptor() {
    try (Arena arena = Arena.ofConfined()) {
      return Libc.close(Libc.allocateErrnoState(arena), fd);
    }
  }

  /** A write that does not sync its own data (WRITE, WRITEV) starts; call {@link #unsyncedWriteEnded()} after. */
  void unsyncedWriteStarted() {
    // In flight first: a concurrent syncCoverage() that sees the new number also sees it in flight.
    unsyncedInFlight.incrementAndGet();
    unsyncedWrites.incrementAndGet();
  }

  /** The write of {@link #unsyncedWriteStarted()} completed (or failed, or was abandoned). */
  void unsyncedWriteEnded() {
    unsyncedInFlight.decrementAndGet();
  }

  /**
   * A write that should have made its data durable failed (a linked write and fsync, or an RWF_DSYNC write):
   * some of its data may have reached the file unsynced, so the next {@code writeAndSync} must sync the file.
   */
  void syncedWriteFailed() {
    unsyncedWrites.incrementAndGet();
  }

  /**
   * What a sync starting now covers: the number of the last unsynced write if none is in flight (every one of
   * them has completed, so the sync sees their data), else -1 (nothing known).
   */
  long syncCoverage() {
    long started = unsyncedWrites.get();
    return unsyncedInFlight.get() == 0 ? started : -1;
  }

  /** A sync with this {@link #syncCoverage()} succeeded. */
  void synced(long coverage) {
    if (coverage > 0) {
      syncedWrites.accumulateAndGet(coverage, Math::max);
    }
  }

  /**
   * True when every write through this descriptor so far is known durable: each was synced by its own operation
   * or covered by a later successful sync. Then a write with RWF_DSYNC (or RWF_SYNC) alone gives what a write
   * followed by fdatasync (fsync) would, even where the kernel makes it durable with a FUA write that flushes
   * nothing else.
   */
  boolean allWritesSynced() {
    return syncedWrites.get() == unsyncedWrites.get();
  }

  @Override
  protected String describeHandle() {
    return ", fd=" + fd + (closed() ? ", closed" : "");
  }
}
