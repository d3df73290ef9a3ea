package dev.cascade.engine.io.uring;

import dev.cascade.engine.io.IoFile;
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
 * <p>Thread ownership: thread-safe (queues of several shards may share a file). The descriptor is detached
 * atomically on close, so that closing twice is harmless and an operation started after the close fails with
 * EBADF instead of using a reused number.
 */
final class UringFile implements IoFile {
  /** Value of {@link #fd()} once the file is closed. */
  static final int CLOSED_FD = -1;

  private final Path path;
  private final boolean direct;
  private final boolean writable;
  private final AtomicInteger fd;
  /** Writes started whose data their own operation does not make durable (plain writes, failed synced ones). */
  private final AtomicLong unsyncedWrites = new AtomicLong();
  /** Of those, the ones still in flight. */
  private final AtomicInteger unsyncedInFlight = new AtomicInteger();
  /** The highest number of {@link #unsyncedWrites} that a successful sync is known to cover. */
  private final AtomicLong syncedWrites = new AtomicLong();

  UringFile(Path path, int fd, boolean direct, boolean writable) {
    this.path = path;
    this.fd = new AtomicInteger(fd);
    this.direct = direct;
    this.writable = writable;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public boolean direct() {
    return direct;
  }

  @Override
  public boolean writable() {
    return writable;
  }

  /** The open descriptor, or {@link #CLOSED_FD}. */
  int fd() {
    return fd.get();
  }

  /** Takes the descriptor for closing; {@link #CLOSED_FD} if another caller already took it. */
  int detachFd() {
    return fd.getAndSet(CLOSED_FD);
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
  public String toString() {
    return "UringFile[" + path + (direct ? ", direct" : "") + (writable ? ", writable" : "") + ", fd=" + fd.get()
        + "]";
  }
}
