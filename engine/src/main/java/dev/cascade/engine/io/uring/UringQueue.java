package dev.cascade.engine.io.uring;

import static dev.cascade.engine.io.uring.UringAbi.*;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFailures;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.IoQueueStats;
import dev.cascade.engine.io.TransferChecks;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.PromisePool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One shard's io_uring: an {@link IoQueue} over a {@link Ring} created on the shard's thread.
 *
 * <p><b>Submission.</b> Each operation takes a pooled {@link UringOp} slot whose index is the SQE's user_data,
 * and writes its SQEs into the ring without a system call; {@link #poll()} and {@link #sleep(long)} submit
 * everything queued with one {@code io_uring_enter}, as does a full SQ. The kernel's completion ring is never
 * allowed to overflow: operations beyond its capacity wait in a backlog (linked through the slots, so nothing
 * is allocated) and are issued as completions free room.
 *
 * <p><b>Completion.</b> Completions are reaped on the owner thread in {@code poll} and {@code sleep}, which
 * complete the promises there. Short reads are read again for the rest (buffered files) or end the read
 * (O_DIRECT: a short read means end of file); short writes are always resubmitted for the rest. A negative
 * result fails the promise with a {@link StorageIoException} naming the system call, the file and the errno.
 * {@code writeAndSync} is one WRITE with RWF_DSYNC / RWF_SYNC on an O_DIRECT file whose earlier writes are all
 * synced, otherwise a WRITE linked (IOSQE_IO_LINK) to an FSYNC: one promise, and one CQE where the write can
 * carry IOSQE_CQE_SKIP_SUCCESS (5.17), else two.
 *
 * <p><b>Sleeping.</b> The ring always has a READ of a {@link WakeSignal} eventfd armed; {@link #wake()} writes
 * to the eventfd from any thread, which completes that read. {@code sleep} waits in {@code io_uring_enter}
 * with GETEVENTS, {@code min_complete = 1} and a timeout passed through IORING_ENTER_EXT_ARG, so it returns on
 * the first completion, a wake, or the timeout. The wake read's completion is consumed here and re-armed.
 * With IORING_SETUP_DEFER_TASKRUN every enter passes GETEVENTS, because completions are only posted then;
 * {@code poll} avoids the system call when nothing is queued and the kernel's IORING_SQ_TASKRUN flag says no
 * completion work waits.
 *
 * <p><b>Counters.</b> {@code submitted} counts operations issued to the ring (a short transfer's resubmission
 * and the internal eventfd read are not counted), {@code completed} operations whose promise completed, so
 * their difference is what is in the kernel; {@code enterCalls} counts every {@code io_uring_enter}, and
 * {@code sleeps} the sleeps that blocked in one.
 *
 * <p>Thread ownership: owned by the platform thread that created it (which must stay the same kernel task, so
 * not a virtual thread); only {@link #wake()} is thread-safe.
 */
public final class UringQueue implements IoQueue {
  /** How long {@link #close()} waits for outstanding operations before failing them. */
  public static final long CLOSE_WAIT_NANOS = 10_000_000_000L;
  /** How long {@link #close()} then waits for the kernel to cancel what is left. */
  public static final long CLOSE_CANCEL_NANOS = 1_000_000_000L;
  /** Largest sleep slice while {@link #close()} drains. */
  private static final long CLOSE_POLL_NANOS = 10_000_000L;
  /** CQ entries kept for internal operations: the eventfd read and its cancellation. */
  private static final int CQES_RESERVED = 4;
  /** Submission attempts that may consume nothing before a full SQ counts as an error. */
  private static final int SUBMIT_ATTEMPTS_MAX = 1000;

  // user_data: bits 0-31 are a slot index, bits 32-39 say which CQE of what this is.
  private static final long TAG_MASK = 0xffL << 32;
  private static final long TAG_OP = 0;
  private static final long TAG_LINKED_SYNC = 1L << 32;
  private static final long TAG_WAKE = 2L << 32;
  private static final long TAG_CANCEL = 3L << 32;

  private final int shardIndex;
  private final Thread owner;
  private final Arena arena;
  private final MemorySegment errnoState;
  private final MemorySegment wakeBuffer;
  private final Ring ring;
  private final WakeSignal wakeSignal;
  private final OpTable ops;
  private final PromisePool promises;
  private final RegisteredBuffers registeredBuffers = new RegisteredBuffers();
  /** CQEs the kernel may still post for issued operations; at most {@code cqeBudget}. */
  private final int cqeBudget;
  private int cqesOutstanding;
  private UringOp backlogHead;
  private UringOp backlogTail;
  private boolean wakeArmed;
  /** A wake was consumed (by poll or sleep) since the last return from sleep: the next sleep returns at once. */
  private boolean wokenSinceSleep;
  private boolean closing;
  private boolean closed;
  private long submitted;
  private long completed;
  private long enterCalls;
  private long sleeps;
  /** SQEs issued as READ_FIXED or WRITE_FIXED (tests check that registration takes effect). */
  private long fixedIssued;
  /** writeAndSync calls issued as one RWF_DSYNC/RWF_SYNC write (tests check which path was taken). */
  private long syncedWritesIssued;
  /** Buffered writes made with pwrite(2) on this thread ({@link #INLINE_BUFFERED_WRITE_BYTES_MAX}). */
  private long inlineWrites;
  /**
   * Whether {@link #writeAndSync} on an O_DIRECT file may be one WRITE with RWF_DSYNC / RWF_SYNC instead of a
   * WRITE linked to an FSYNC (see there). Tests and benchmarks turn it off to compare the two.
   */
  boolean syncInWrite = true;
  /**
   * Whether the write of a linked write and fsync carries IOSQE_CQE_SKIP_SUCCESS, so that the pair posts one CQE
   * and wakes the owner once: where the kernel supports it (5.17); tests turn it off for the two-CQE path.
   */
  boolean skipLinkedWriteCqe;
  /** Tests: when not 0, the next completion of the eventfd read reports this result instead of the kernel's. */
  int injectedWakeResult;

  /**
   * Creates the ring on the calling thread, which becomes the owner; {@code loop} must be that thread's.
   * {@code setupFlags} are the IORING_SETUP_* flags to try first ({@link Ring#SETUP_FLAGS_PREFERRED}; tests
   * pass 0 to exercise the path older kernels take).
   */
  UringQueue(EventLoop loop, int shardIndex, int ringEntries, int setupFlags) {
    this.shardIndex = shardIndex;
    this.owner = Thread.currentThread();
    this.arena = Arena.ofConfined();
    try {
      this.errnoState = Libc.allocateErrnoState(arena);
      this.wakeBuffer = arena.allocate(ValueLayout.JAVA_LONG);
      this.ring = Ring.create(ringEntries, setupFlags, arena);
    } catch (RuntimeException | Error e) {
      arena.close();
      throw e;
    }
    WakeSignal signal;
    try {
      signal = WakeSignal.create(errnoState);
    } catch (RuntimeException e) {
      ring.close();
      arena.close();
      throw e;
    }
    this.wakeSignal = signal;
    this.cqeBudget = ring.cqEntries() - CQES_RESERVED;
    this.ops = new OpTable(ring.sqEntries());
    this.promises = new PromisePool(loop, ring.sqEntries());
    this.skipLinkedWriteCqe = ring.cqeSkip();
    armWake();
  }

  @Override
  public IoEngineKind kind() {
    return IoEngineKind.URING;
  }

  /** The shard this queue belongs to. */
  public int shardIndex() {
    return shardIndex;
  }

  /** The setup flags the kernel accepted (IORING_SETUP_*): the preferred set, or 0 on kernels before 6.1. */
  public int ringSetupFlags() {
    return ring.setupFlags();
  }

  /**
   * Registers memory regions with the ring (IORING_REGISTER_BUFFERS), so that reads and writes whose buffer
   * lies inside one use READ_FIXED / WRITE_FIXED and the kernel skips pinning the pages on every operation
   * (it pays off for O_DIRECT: a block cache's frames, a WAL's page buffers). Once per queue, before the
   * first operation on a registered region; the regions must stay allocated until the queue is closed. At
   * most {@link RegisteredBuffers#REGIONS_MAX} regions of at most 1 GiB each; pinned memory counts against
   * RLIMIT_MEMLOCK, so a low limit fails with ENOMEM.
   *
   * @throws StorageIoException when the kernel refuses, with its errno
   */
  public void registerBuffers(MemorySegment... regions) {
    checkOwner();
    checkOpen();
    registeredBuffers.register(ring, arena, regions);
  }

  long fixedIssued() {
    return fixedIssued;
  }

  long syncedWritesIssued() {
    return syncedWritesIssued;
  }

  /** How many buffered writes this queue made inline ({@link #INLINE_BUFFERED_WRITE_BYTES_MAX}). */
  long inlineWrites() {
    return inlineWrites;
  }

  // ---------------------------------------------------------------- operations

  @Override
  public Promise<Void> read(IoFile file, long offset, MemorySegment dst) {
    checkOwner();
    UringFile f = checkTransfer(file, IoOp.READ.operationName(), offset, dst);
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException("read into a read-only buffer: " + f.path());
    }
    return startTransfer(UringOp.READ, f, offset, dst, false);
  }

  @Override
  public Promise<Void> write(IoFile file, long offset, MemorySegment src) {
    checkOwner();
    UringFile f = checkTransfer(file, IoOp.writeName(1), offset, src);
    if (f.inlineSmallWrites() && src.byteSize() > 0 && src.byteSize() <= INLINE_BUFFERED_WRITE_BYTES_MAX) {
      return writeInline(f, offset, src);
    }
    return startTransfer(UringOp.WRITE, f, offset, src, false);
  }

  /**
   * On a file opened with {@link dev.cascade.engine.io.OpenFlag#INLINE_SMALL_WRITES}, writes up to this size are
   * made with pwrite(2) on the owner thread instead of through the ring: a write into the page cache is a copy
   * of about 0.1 µs per KiB, where the ring hands a buffered write to a kernel worker thread. Measured on ext4
   * (Linux 6.18, 2 cores), a 1,000-row batch's WAL group of 116 KiB: a pwrite(2) of that size takes 13 to 18 µs;
   * through the ring the batch waited 450 to 630 µs from issuing the group to publishing (its memtable insert,
   * 70 to 150 µs, ran meanwhile), 240 to 380 µs with the write inline. At this bound an inline write holds the
   * shard for about 100 µs.
   */
  static final long INLINE_BUFFERED_WRITE_BYTES_MAX = 1 << 20;

  /** A buffered write done now, on this thread; its promise is already complete (or failed, as a ring write's). */
  private Promise<Void> writeInline(UringFile f, long offset, MemorySegment src) {
    checkOpen();
    Promise<Void> p = promises.take();
    if (!f.acquire()) {
      p.fail(new StorageIoException(f.path(), IoOp.writeName(1), Errno.EBADF, "the file is closed"));
      return p;
    }
    f.unsyncedWriteStarted();
    try {
      long done = 0;
      while (done < src.byteSize()) {
        long n = Libc.pwrite(errnoState, f.fd(), src.asSlice(done), src.byteSize() - done, offset + done);
        if (n == -Errno.EINTR) {
          continue;
        }
        if (n <= 0) {
          p.fail(new StorageIoException(f.path(), IoOp.writeName(1), n == 0 ? 0 : (int) -n,
              n == 0 ? "the kernel wrote 0 bytes " + IoFailures.at(offset + done, src.byteSize() - done)
                  : "pwrite failed " + IoFailures.at(offset + done, src.byteSize() - done)));
          return p;
        }
        done += n;
      }
      inlineWrites++;
      p.completeLong(done);
      return p;
    } catch (RuntimeException e) {
      p.fail(e instanceof StorageIoException ? e
          : new StorageIoException(f.path(), IoOp.writeName(1), 0, e.getMessage()));
      return p;
    } finally {
      f.unsyncedWriteEnded();
      f.release();
    }
  }

  /**
   * On an O_DIRECT file whose earlier writes are all known durable ({@link UringFile#allWritesSynced()}), one
   * WRITE with RWF_DSYNC ({@code dataOnly}) or RWF_SYNC: the kernel's direct-I/O path makes the write durable
   * itself (a FUA write, or a cache flush at completion) and io_uring need not hand an fsync to a worker
   * thread. Otherwise, and for buffered files, a WRITE linked to an FSYNC. See docs/io-uring.md.
   */
  @Override
  public Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
    checkOwner();
    UringFile f = checkTransfer(file, IoOp.writeName(1), offset, src);
    boolean inWrite = syncInWrite && f.direct() && src.byteSize() > 0 && f.allWritesSynced();
    if (inWrite) {
      syncedWritesIssued++;
    }
    return startTransfer(inWrite ? UringOp.WRITE_SYNCED : UringOp.WRITE_AND_SYNC, f, offset, src, dataOnly);
  }

  @Override
  public Promise<Void> sync(IoFile file, boolean dataOnly) {
    checkOwner();
    checkOpen();
    UringFile f = UringFile.of(file);
    UringOp op = newOp(UringOp.SYNC, f);
    op.dataOnly = dataOnly;
    return start(op);
  }

  @Override
  public Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs) {
    checkOwner();
    UringFile f = checkTransfer(file, IoOp.writeName(srcs.length), offset, srcs);
    long total = 0;
    for (MemorySegment src : srcs) {
      total += src.byteSize();
    }
    if (total == 0) {
      return completedNow(0);
    }
    UringOp op = newOp(UringOp.WRITEV, f);
    if (op.iovecs == null) {
      op.iovecs = arena.allocate(IOVEC_BYTES * WRITEV_BUFFERS_MAX, 8);
    }
    for (int i = 0; i < srcs.length; i++) {
      op.iovecs.set(ValueLayout.JAVA_LONG, IOVEC_BYTES * i, srcs[i].address());
      op.iovecs.set(ValueLayout.JAVA_LONG, IOVEC_BYTES * i + 8, srcs[i].byteSize());
    }
    op.buffers = srcs.clone();
    op.iovCount = srcs.length;
    op.offset = offset;
    op.remainingBytes = total;
    return start(op);
  }

  private Promise<Void> startTransfer(byte kind, UringFile f, long offset, MemorySegment buf, boolean dataOnly) {
    checkOpen();
    if (buf.byteSize() == 0 && kind != UringOp.WRITE_AND_SYNC) {
      return completedNow(0);
    }
    UringOp op = newOp(kind, f);
    op.offset = offset;
    op.buffer = buf;
    op.address = buf.address();
    op.remainingBytes = buf.byteSize();
    op.dataOnly = dataOnly;
    op.writeCqeSkipped = kind == UringOp.WRITE_AND_SYNC && skipLinkedWriteCqe;
    return start(op);
  }

  private UringOp newOp(byte kind, UringFile f) {
    UringOp op = ops.take();
    op.kind = kind;
    op.file = f;
    op.promise = promises.take();
    return op;
  }

  private Promise<Void> completedNow(long bytes) {
    Promise<Void> p = promises.take();
    p.completeLong(bytes);
    return p;
  }

  /** Issues the op, or queues it behind others when the completion ring has no room for its CQEs. */
  private Promise<Void> start(UringOp op) {
    Promise<Void> p = op.promise;
    if (!op.file.acquire()) {
      // Never hand the kernel a stale number: it may already name another file. The op holds the descriptor
      // open from here until it completes (succeed or fail), so closing the file cannot free the number early.
      StorageIoException e =
          new StorageIoException(op.file.path(), op.operationName(), Errno.EBADF, "the file is closed");
      ops.put(op);
      p.fail(e);
      return p;
    }
    if (op.kind == UringOp.WRITE || op.kind == UringOp.WRITEV) {
      op.file.unsyncedWriteStarted();
    }
    if (backlogHead != null || cqesOutstanding + op.cqesPerIssue() > cqeBudget) {
      if (backlogTail == null) {
        backlogHead = op;
      } else {
        backlogTail.next = op;
      }
      backlogTail = op;
    } else {
      submitted++;
      issue(op);
    }
    return p;
  }

  private void issueBacklog() {
    while (!closing && backlogHead != null && cqesOutstanding + backlogHead.cqesPerIssue() <= cqeBudget) {
      UringOp op = backlogHead;
      backlogHead = op.next;
      if (backlogHead == null) {
        backlogTail = null;
      }
      op.next = null;
      submitted++;
      issue(op);
    }
  }

  /** Writes the op's SQEs for what remains of it (its first issue, or the rest after a short transfer). */
  private void issue(UringOp op) {
    int n = op.cqesPerIssue();
    ensureSqSpace(op.sqesPerIssue());
    int fd = op.file.fd();
    long userData = TAG_OP | op.index;
    switch (op.kind) {
      case UringOp.READ -> prepareTransfer(IORING_OP_READ, IORING_OP_READ_FIXED, (byte) 0, 0, op, userData);
      case UringOp.WRITE -> prepareTransfer(IORING_OP_WRITE, IORING_OP_WRITE_FIXED, (byte) 0, 0, op, userData);
      case UringOp.WRITE_SYNCED ->
          prepareTransfer(IORING_OP_WRITE, IORING_OP_WRITE_FIXED, (byte) 0, rwSyncFlags(op), op, userData);
      case UringOp.WRITEV -> ring.prepare(IORING_OP_WRITEV, (byte) 0, fd, op.offset,
          op.iovecs.address() + IOVEC_BYTES * op.iovFirst, op.iovCount - op.iovFirst, 0, userData);
      case UringOp.SYNC -> {
        op.syncCoverage = op.file.syncCoverage();
        ring.prepare(IORING_OP_FSYNC, (byte) 0, fd, 0, 0, 0, fsyncFlags(op), userData);
      }
      case UringOp.WRITE_AND_SYNC -> {
        op.syncCoverage = op.file.syncCoverage();
        byte linkFlags = op.writeCqeSkipped ? (byte) (IOSQE_IO_LINK | IOSQE_CQE_SKIP_SUCCESS) : IOSQE_IO_LINK;
        prepareTransfer(IORING_OP_WRITE, IORING_OP_WRITE_FIXED, linkFlags, 0, op, userData);
        ring.prepare(IORING_OP_FSYNC, (byte) 0, fd, 0, 0, 0, fsyncFlags(op), TAG_LINKED_SYNC | op.index);
      }
      default -> throw new IllegalStateException("unknown operation kind " + op.kind);
    }
    op.cqesPending = n;
    op.writeResult = 0;
    op.syncResult = 0;
    cqesOutstanding += n;
  }

  /** One READ or WRITE SQE, as its _FIXED variant when the buffer lies in a registered region. */
  private void prepareTransfer(byte opcode, byte fixedOpcode, byte sqeFlags, int rwFlags, UringOp op,
      long userData) {
    int region = registeredBuffers.indexOf(op.address, op.remainingBytes);
    if (region < 0) {
      ring.prepare(opcode, sqeFlags, op.file.fd(), op.offset, op.address, (int) op.remainingBytes, rwFlags,
          userData);
    } else {
      fixedIssued++;
      ring.prepare(fixedOpcode, sqeFlags, op.file.fd(), op.offset, op.address, (int) op.remainingBytes, rwFlags,
          userData, region);
    }
  }

  /** Issues the rest of a short transfer, unless the queue is closing. */
  private void reissue(UringOp op) {
    if (closing) {
      fail(op, closedWhileOutstanding(op));
    } else {
      issue(op);
    }
  }

  private static int fsyncFlags(UringOp op) {
    return op.dataOnly ? IORING_FSYNC_DATASYNC : 0;
  }

  private static int rwSyncFlags(UringOp op) {
    return op.dataOnly ? RWF_DSYNC : RWF_SYNC;
  }

  /** The internal read of the eventfd that a wake completes. */
  private void armWake() {
    ensureSqSpace(1);
    // Offset -1: "the current position", the only meaningful one for an eventfd.
    ring.prepare(IORING_OP_READ, (byte) 0, wakeSignal.fd(), -1L, wakeBuffer.address(), Long.BYTES, 0, TAG_WAKE);
    wakeArmed = true;
  }

  /**
   * Makes room for {@code n} SQEs by submitting what is queued. Linked SQEs must go in one submission, so a
   * caller needing two gets both slots before it writes either.
   */
  private void ensureSqSpace(int n) {
    for (int attempt = 0; ring.sqSpace() < n; attempt++) {
      if (attempt >= SUBMIT_ATTEMPTS_MAX) {
        throw new StorageIoException(null, "io_uring_enter", Errno.EBUSY,
            "the kernel accepted no submissions from the full queue of shard " + shardIndex);
      }
      enter(0, -1);
    }
  }

  // ---------------------------------------------------------------- the reactor

  @Override
  public int poll() {
    checkOwner();
    checkOpen();
    if (needsEnter()) {
      enter(0, -1);
    }
    return reap();
  }

  /** Whether an enter would submit something or make completions visible. */
  private boolean needsEnter() {
    if (ring.sqPending() > 0) {
      return true;
    }
    int flags = ring.sqFlags();
    if ((flags & IORING_SQ_CQ_OVERFLOW) != 0) {
      return true;
    }
    if (!ring.deferredTaskRun()) {
      return false; // completions are posted without our help
    }
    return ring.taskRunFlag() ? (flags & IORING_SQ_TASKRUN) != 0 : cqesOutstanding > 0 || wakeArmed;
  }

  @Override
  public void sleep(long timeoutNanos) {
    checkOwner();
    checkOpen();
    boolean ready = ring.cqReadyTail() != ring.cqHead() || wokenSinceSleep;
    if (!ready && timeoutNanos > 0) {
      sleeps++;
      enter(1, timeoutNanos);
    } else if (ring.sqPending() > 0) {
      enter(0, -1);
    }
    reap();
    wokenSinceSleep = false;
  }

  /**
   * Drives the queue until {@code p} is done, with one {@code io_uring_enter} per wait that both submits what is
   * queued and sleeps for the next completion ({@code min_complete = 1}, at most
   * {@link IoQueue#AWAIT_SLEEP_NANOS_MAX}); the default {@code poll()}-then-{@code sleep()} would enter twice
   * per operation at one in flight. A wake consumed here still ends the next {@link #sleep} at once.
   */
  @Override
  public <T> Promise<T> await(Promise<T> p) {
    while (!p.isDone()) {
      checkOwner();
      checkOpen();
      if (ring.cqReadyTail() == ring.cqHead()) {
        sleeps++;
        enter(1, AWAIT_SLEEP_NANOS_MAX);
      }
      reap();
    }
    return p;
  }

  @Override
  public void wake() {
    wakeSignal.wake();
  }

  @Override
  public int inFlight() {
    return ops.used();
  }

  @Override
  public IoQueueStats stats() {
    return new IoQueueStats(submitted, completed, enterCalls, sleeps);
  }

  /**
   * One io_uring_enter with GETEVENTS, which submits everything queued and, with {@code minComplete > 0},
   * waits up to {@code timeoutNanos}. A timeout, a signal or a transient shortage is not an error: the caller
   * reaps what is there and comes back.
   */
  private void enter(int minComplete, long timeoutNanos) {
    enterCalls++;
    int r = ring.enter(minComplete, true, timeoutNanos);
    if (r >= 0 || r == -Errno.ETIME || r == -Errno.EINTR || r == -Errno.EAGAIN || r == -Errno.EBUSY) {
      return;
    }
    throw new StorageIoException(null, "io_uring_enter", -r, "ring of shard " + shardIndex);
  }

  /** Processes every ready CQE; returns the number of operations completed. */
  private int reap() {
    int processed = 0;
    int head;
    // Head and tail are re-read each time: a promise listener may itself poll.
    while ((head = ring.cqHead()) != ring.cqReadyTail()) {
      long userData = ring.cqeUserData(head);
      int res = ring.cqeResult(head);
      ring.cqAdvance(head + 1);
      processed += dispatch(userData, res);
    }
    issueBacklog();
    return processed;
  }

  private int dispatch(long userData, int res) {
    long tag = userData & TAG_MASK;
    if (tag == TAG_WAKE) {
      onWakeRead(res);
      return 0;
    }
    if (tag == TAG_CANCEL) {
      return 0;
    }
    UringOp op = ops.get((int) userData);
    op.cqesPending--;
    cqesOutstanding--;
    long before = completed;
    switch (op.kind) {
      case UringOp.READ -> onRead(op, res);
      case UringOp.WRITE, UringOp.WRITEV, UringOp.WRITE_SYNCED -> onWrite(op, res);
      case UringOp.SYNC -> onSync(op, res);
      case UringOp.WRITE_AND_SYNC -> onWriteAndSync(op, tag == TAG_LINKED_SYNC, res);
      default -> throw new IllegalStateException("completion for an op of kind " + op.kind);
    }
    return (int) (completed - before);
  }

  /**
   * The eventfd read completed. It is re-armed whatever its result, before a failure is reported: a ring without
   * its wake read would sleep through every later {@link #wake()}. A failed read counts as a wake (a spurious
   * wake costs one loop turn, a lost one a whole sleep).
   */
  private void onWakeRead(int res) {
    wakeArmed = false;
    if (closing) {
      return;
    }
    if (injectedWakeResult != 0) {
      res = injectedWakeResult;
      injectedWakeResult = 0;
    }
    wakeSignal.consumed();
    wokenSinceSleep = true;
    armWake();
    if (res < 0 && res != -Errno.EINTR && res != -Errno.EAGAIN) {
      throw new StorageIoException(null, "read", -res, "the wake-up eventfd of the ring of shard " + shardIndex);
    }
  }

  /** Whether the eventfd read is armed (tests). */
  boolean wakeArmed() {
    return wakeArmed;
  }

  private void onRead(UringOp op, int res) {
    if (res < 0) {
      fail(op, op.operationName(), -res);
      return;
    }
    op.doneBytes += res;
    // With O_DIRECT a short read only happens at end of file; buffered reads ask again until 0 says so.
    if (res == 0 || res == op.remainingBytes || op.file.direct()) {
      succeed(op, op.doneBytes);
      return;
    }
    advance(op, res);
    reissue(op);
  }

  private void onWrite(UringOp op, int res) {
    if (res < 0) {
      fail(op, op.operationName(), -res);
    } else if (res == 0) {
      failNoProgress(op);
    } else if (res == op.remainingBytes) {
      succeed(op, op.doneBytes + res);
    } else {
      op.doneBytes += res;
      advance(op, res);
      reissue(op);
    }
  }

  private void onSync(UringOp op, int res) {
    if (res < 0) {
      fail(op, op.syncName(), -res);
    } else {
      succeed(op, 0);
    }
  }

  /**
   * Waits for both CQEs of the linked pair. A short write makes the kernel cancel the linked fsync
   * (ECANCELED), so the rest is written and synced again as a new pair.
   */
  private void onWriteAndSync(UringOp op, boolean syncCqe, int res) {
    if (op.writeCqeSkipped) {
      if (syncCqe) {
        // The write's CQE was skipped: it wrote everything.
        op.writeResult = (int) op.remainingBytes;
        op.syncResult = res;
      } else if (res == op.remainingBytes) {
        // A full write never posts its CQE with CQE_SKIP_SUCCESS; if a kernel did, its fsync still will.
        op.writeResult = res;
        op.cqesPending++;
        cqesOutstanding++;
        return;
      } else {
        // Failed or short: the kernel cancelled the fsync without a CQE.
        op.writeResult = res;
      }
    } else if (syncCqe) {
      op.syncResult = res;
    } else {
      op.writeResult = res;
    }
    if (op.cqesPending > 0) {
      return;
    }
    int w = op.writeResult;
    if (w < 0) {
      fail(op, IoOp.WRITE.operationName(), -w);
    } else if (w == 0 && op.remainingBytes > 0) {
      failNoProgress(op);
    } else if (w < op.remainingBytes) {
      op.doneBytes += w;
      advance(op, w);
      reissue(op);
    } else if (op.syncResult < 0) {
      fail(op, op.syncName(), -op.syncResult);
    } else {
      succeed(op, op.doneBytes + w);
    }
  }

  /** Moves past {@code bytes} transferred, in the buffer or, for WRITEV, in the iovec array. */
  static void advance(UringOp op, long bytes) {
    op.offset += bytes;
    op.remainingBytes -= bytes;
    if (op.kind != UringOp.WRITEV) {
      op.address += bytes;
      return;
    }
    long left = bytes;
    while (left > 0) {
      long base = IOVEC_BYTES * op.iovFirst;
      long len = op.iovecs.get(ValueLayout.JAVA_LONG, base + 8);
      if (left < len) {
        op.iovecs.set(ValueLayout.JAVA_LONG, base, op.iovecs.get(ValueLayout.JAVA_LONG, base) + left);
        op.iovecs.set(ValueLayout.JAVA_LONG, base + 8, len - left);
        return;
      }
      left -= len;
      op.iovFirst++;
    }
  }

  private void succeed(UringOp op, long bytes) {
    switch (op.kind) {
      case UringOp.WRITE, UringOp.WRITEV -> op.file.unsyncedWriteEnded();
      case UringOp.SYNC, UringOp.WRITE_AND_SYNC -> op.file.synced(op.syncCoverage);
      default -> { }
    }
    retire(op).completeLong(bytes);
  }

  private void fail(UringOp op, String operation, int errno) {
    fail(op, new StorageIoException(op.file.path(), operation, errno, describe(op)));
  }

  private void failNoProgress(UringOp op) {
    fail(op, new StorageIoException(op.file.path(), op.operationName(), 0,
        "the kernel wrote 0 bytes (" + describe(op) + ")"));
  }

  private void fail(UringOp op, StorageIoException e) {
    switch (op.kind) {
      case UringOp.WRITE, UringOp.WRITEV -> op.file.unsyncedWriteEnded();
      case UringOp.WRITE_AND_SYNC, UringOp.WRITE_SYNCED -> op.file.syncedWriteFailed();
      default -> { }
    }
    retire(op).fail(e);
  }

  /**
   * The op is over: frees its slot, releases its file's descriptor (which closes it if the file was closed
   * meanwhile and this was its last operation) and returns its promise, for the caller to complete.
   */
  private Promise<Void> retire(UringOp op) {
    Promise<Void> p = op.promise;
    UringFile file = op.file;
    ops.put(op);
    file.release();
    completed++;
    return p;
  }

  private static String describe(UringOp op) {
    if (op.kind == UringOp.SYNC) {
      return "";
    }
    String at = IoFailures.at(op.offset, op.remainingBytes);
    if (op.kind == UringOp.WRITE_SYNCED) {
      return at + (op.dataOnly ? ", with RWF_DSYNC" : ", with RWF_SYNC");
    }
    return at;
  }

  // ---------------------------------------------------------------- validation

  /** The checks of every engine ({@link TransferChecks}), and native buffers: the kernel cannot use a heap array. */
  private UringFile checkTransfer(IoFile file, String operation, long offset, MemorySegment... bufs) {
    checkOpen();
    UringFile f = UringFile.of(file);
    for (MemorySegment buf : bufs) {
      if (!buf.isNative()) {
        throw new IllegalArgumentException(operation + " " + f.path()
            + ": the buffer must be off-heap (a native MemorySegment), the kernel cannot use a heap array");
      }
    }
    TransferChecks.check(f, operation, offset, bufs);
    return f;
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("the io_uring queue of shard " + shardIndex + " is owned by thread "
          + owner.getName() + ", not " + Thread.currentThread().getName());
    }
  }

  private void checkOpen() {
    if (closing || closed) {
      throw new IllegalStateException("the io_uring queue of shard " + shardIndex + " is closed");
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Waits up to {@link #CLOSE_WAIT_NANOS} for outstanding operations, completing them as usual; then asks the
   * kernel to cancel what is left and waits up to {@link #CLOSE_CANCEL_NANOS} more, and fails whatever still
   * remains with ECANCELED (the kernel finishes such operations as the ring goes away, so their buffers must
   * stay valid until then). The eventfd read is cancelled the same way, because it writes into this queue's
   * memory. Finally releases the eventfd, the ring and its memory. Idempotent.
   */
  @Override
  public void close() {
    close(CLOSE_WAIT_NANOS);
  }

  /** {@link #close()} with a shorter wait for outstanding operations (tests). */
  void close(long waitNanos) {
    checkOwner();
    if (closed) {
      return;
    }
    try {
      drain(waitNanos);
      closing = true;
      cancelAll();
      failOutstanding();
    } finally {
      closed = true;
      wakeSignal.close(errnoState);
      ring.close();
      arena.close();
    }
  }

  private void drain(long waitNanos) {
    long deadline = System.nanoTime() + waitNanos;
    long left;
    while (ops.used() > 0 && (left = deadline - System.nanoTime()) > 0) {
      sleep(Math.min(CLOSE_POLL_NANOS, left));
    }
  }

  /**
   * Cancels the eventfd read (keyed by its user_data, which every kernel supports) and, if operations are
   * still in the kernel, everything (IORING_ASYNC_CANCEL_ALL | ANY, Linux 5.19), then reaps until both are
   * gone or {@link #CLOSE_CANCEL_NANOS} pass. Cancelled operations fail with the kernel's ECANCELED.
   */
  private void cancelAll() {
    if (wakeArmed) {
      ensureSqSpace(1);
      ring.prepare(IORING_OP_ASYNC_CANCEL, (byte) 0, -1, 0, TAG_WAKE, 0, 0, TAG_CANCEL);
    }
    if (cqesOutstanding > 0) {
      ensureSqSpace(1);
      ring.prepare(IORING_OP_ASYNC_CANCEL, (byte) 0, -1, 0, 0, 0,
          IORING_ASYNC_CANCEL_ALL | IORING_ASYNC_CANCEL_ANY, TAG_CANCEL);
    }
    long deadline = System.nanoTime() + CLOSE_CANCEL_NANOS;
    while ((wakeArmed || cqesOutstanding > 0) && System.nanoTime() - deadline < 0) {
      enter(1, CLOSE_POLL_NANOS);
      reap();
    }
  }

  /** Fails operations the kernel did not finish in time, and those still waiting in the backlog. */
  private void failOutstanding() {
    backlogHead = null;
    backlogTail = null;
    for (UringOp op : ops.slots()) {
      if (op.kind != 0) {
        fail(op, closedWhileOutstanding(op));
      }
    }
  }

  private StorageIoException closedWhileOutstanding(UringOp op) {
    return new StorageIoException(op.file.path(), op.operationName(), Errno.ECANCELED,
        "the I/O queue of shard " + shardIndex + " was closed with the operation outstanding");
  }

  @Override
  public String toString() {
    return "UringQueue[shard " + shardIndex + ", " + ring + ", inFlight=" + ops.used() + "]";
  }
}
