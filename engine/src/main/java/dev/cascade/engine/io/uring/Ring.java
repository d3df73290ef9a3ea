package dev.cascade.engine.io.uring;

import static dev.cascade.engine.io.uring.UringAbi.*;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One io_uring instance: the ring file descriptor, its mapped submission and completion rings, and the
 * {@code io_uring_enter} call. It knows the ABI and nothing of promises or files: {@link UringQueue} builds
 * operations on top of it.
 *
 * <p>Submission: {@link #prepare} writes an SQE at the local tail, which is published to the kernel (a release
 * store of the SQ tail) only by {@link #enter}, so that one system call submits a whole batch. Completion:
 * {@link #cqReadyTail()} is an acquire load of the CQ tail; the caller reads the CQEs up to it and hands the
 * new head back with {@link #cqAdvance}, a release store, after which the kernel may reuse those entries. The
 * SQ index array is filled once with the identity mapping, so SQE {@code i} is submitted from slot {@code i}.
 *
 * <p>Thread ownership: owned by the thread that created it (with IORING_SETUP_SINGLE_ISSUER the kernel also
 * refuses submissions from any other thread).
 */
final class Ring implements AutoCloseable {
  /** Default number of SQ entries; the kernel makes the CQ twice as large. */
  static final int ENTRIES_DEFAULT = 256;
  /** Smallest ring we accept: a linked write and fsync plus the internal eventfd read must fit. */
  static final int ENTRIES_MIN = 8;
  /** Largest ring we accept (the kernel allows 32768; more only costs locked memory here). */
  static final int ENTRIES_MAX = 4096;

  /** Flags tried first: one issuer, completions deferred to our enter calls, and a flag when they wait. */
  static final int SETUP_FLAGS_PREFERRED =
      IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_TASKRUN_FLAG;

  private static final VarHandle INT_HANDLE = ValueLayout.JAVA_INT.varHandle();
  private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
  private static final ValueLayout.OfByte U8 = ValueLayout.JAVA_BYTE;
  private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT;

  private final int fd;
  private final int setupFlags;
  private final int features;
  private final MemorySegment errnoState;
  private final MemorySegment rings;
  private final MemorySegment sqes;
  private final MemorySegment getEventsArg;
  private final MemorySegment timespec;
  private final long sqHeadOff;
  private final long sqTailOff;
  private final long sqFlagsOff;
  private final int sqMask;
  private final int sqEntries;
  private final long cqHeadOff;
  private final long cqTailOff;
  private final long cqesOff;
  private final int cqMask;
  private final int cqEntries;
  /** Our SQ tail: SQEs before it are written; the kernel sees them once {@link #enter} publishes it. */
  private int sqTail;
  /** Our CQ head: CQEs before it are consumed. */
  private int cqHead;
  private boolean closed;

  private Ring(int fd, MemorySegment params, MemorySegment errnoState, Arena arena) {
    this.fd = fd;
    this.errnoState = errnoState;
    this.setupFlags = params.get(U32, PARAMS_FLAGS);
    this.features = params.get(U32, PARAMS_FEATURES);
    this.sqEntries = params.get(U32, PARAMS_SQ_ENTRIES);
    this.cqEntries = params.get(U32, PARAMS_CQ_ENTRIES);
    long sq = PARAMS_SQ_OFF;
    long cq = PARAMS_CQ_OFF;
    this.sqHeadOff = Integer.toUnsignedLong(params.get(U32, sq + SQ_OFF_HEAD));
    this.sqTailOff = Integer.toUnsignedLong(params.get(U32, sq + SQ_OFF_TAIL));
    this.sqFlagsOff = Integer.toUnsignedLong(params.get(U32, sq + SQ_OFF_FLAGS));
    long sqArrayOff = Integer.toUnsignedLong(params.get(U32, sq + SQ_OFF_ARRAY));
    this.cqHeadOff = Integer.toUnsignedLong(params.get(U32, cq + CQ_OFF_HEAD));
    this.cqTailOff = Integer.toUnsignedLong(params.get(U32, cq + CQ_OFF_TAIL));
    this.cqesOff = Integer.toUnsignedLong(params.get(U32, cq + CQ_OFF_CQES));
    long ringBytes = Math.max(sqArrayOff + 4L * sqEntries, cqesOff + CQE_BYTES * cqEntries);
    this.rings = map(ringBytes, IORING_OFF_SQ_RING, arena);
    MemorySegment mappedSqes;
    try {
      mappedSqes = map(SQE_BYTES * sqEntries, IORING_OFF_SQES, arena);
    } catch (RuntimeException e) {
      Libc.munmap(errnoState, rings.address(), rings.byteSize());
      throw e;
    }
    this.sqes = mappedSqes;
    this.sqMask = rings.get(U32, Integer.toUnsignedLong(params.get(U32, sq + SQ_OFF_RING_MASK)));
    this.cqMask = rings.get(U32, Integer.toUnsignedLong(params.get(U32, cq + CQ_OFF_RING_MASK)));
    this.sqTail = (int) INT_HANDLE.getAcquire(rings, sqTailOff);
    this.cqHead = (int) INT_HANDLE.getAcquire(rings, cqHeadOff);
    for (int i = 0; i < sqEntries; i++) {
      rings.set(U32, sqArrayOff + 4L * i, i);
    }
    this.getEventsArg = arena.allocate(GETEVENTS_ARG_BYTES, 8);
    this.timespec = arena.allocate(TIMESPEC_BYTES, 8);
    getEventsArg.set(U32, GETEVENTS_ARG_SIGMASK_SZ, KERNEL_SIGSET_BYTES);
  }

  /**
   * Sets up a ring of {@code entries} SQ entries on the calling thread, with {@code preferredFlags} (normally
   * {@link #SETUP_FLAGS_PREFERRED}) or, if the kernel refuses those with EINVAL (older than 6.1), with no
   * flags. Memory for the syscall arguments comes from {@code arena}, which must live as long as the ring.
   */
  static Ring create(int entries, int preferredFlags, Arena arena) {
    if (entries < ENTRIES_MIN || entries > ENTRIES_MAX || Integer.bitCount(entries) != 1) {
      throw new IllegalArgumentException("ring entries must be a power of two in [" + ENTRIES_MIN + ", "
          + ENTRIES_MAX + "]: " + entries);
    }
    MemorySegment errnoState = Libc.allocateErrnoState(arena);
    MemorySegment params = arena.allocate(PARAMS_BYTES, 8);
    long fd = setup(errnoState, params, entries, preferredFlags);
    if (fd == -Errno.EINVAL && preferredFlags != 0) {
      fd = setup(errnoState, params, entries, 0);
    }
    if (fd < 0) {
      throw new StorageIoException(null, "io_uring_setup", (int) -fd, "creating a ring of " + entries + " entries");
    }
    int featureBits = params.get(U32, PARAMS_FEATURES);
    if ((featureBits & FEATURES_REQUIRED) != FEATURES_REQUIRED) {
      Libc.close(errnoState, (int) fd);
      throw new StorageIoException(null, "io_uring_setup", 0, "the kernel lacks required io_uring features "
          + "(have 0x" + Integer.toHexString(featureBits) + ", need 0x" + Integer.toHexString(FEATURES_REQUIRED)
          + ": SINGLE_MMAP, NODROP, SUBMIT_STABLE, EXT_ARG; Linux 5.11 or later)");
    }
    try {
      return new Ring((int) fd, params, errnoState, arena);
    } catch (RuntimeException e) {
      Libc.close(errnoState, (int) fd);
      throw e;
    }
  }

  private static long setup(MemorySegment errnoState, MemorySegment params, int entries, int flags) {
    params.fill((byte) 0);
    params.set(U32, PARAMS_FLAGS, flags);
    return Libc.syscall(errnoState, Libc.SYS_IO_URING_SETUP, entries, params.address(), 0, 0, 0, 0);
  }

  @SuppressWarnings("restricted") // sizing the kernel's mapping, whose extent mmap itself guarantees
  private MemorySegment map(long bytes, long offset, Arena arena) {
    long address = Libc.mmapShared(errnoState, bytes, fd, offset);
    if (address < 0) {
      throw new StorageIoException(null, "mmap", (int) -address, "mapping " + bytes + " bytes of an io_uring");
    }
    // The arena only bounds the segment's use; close() unmaps it.
    return MemorySegment.ofAddress(address).reinterpret(bytes, arena, null);
  }

  int setupFlags() {
    return setupFlags;
  }

  int features() {
    return features;
  }

  int sqEntries() {
    return sqEntries;
  }

  int cqEntries() {
    return cqEntries;
  }

  /** True when the kernel honours IOSQE_CQE_SKIP_SUCCESS (IORING_FEAT_CQE_SKIP, Linux 5.17). */
  boolean cqeSkip() {
    return (features & IORING_FEAT_CQE_SKIP) != 0;
  }

  /** True when completions are posted only inside our enter calls (IORING_SETUP_DEFER_TASKRUN). */
  boolean deferredTaskRun() {
    return (setupFlags & IORING_SETUP_DEFER_TASKRUN) != 0;
  }

  /** True when the kernel flags pending completion work in the SQ flags (IORING_SETUP_TASKRUN_FLAG). */
  boolean taskRunFlag() {
    return (setupFlags & IORING_SETUP_TASKRUN_FLAG) != 0;
  }

  /** SQEs written but not yet consumed by the kernel. */
  int sqPending() {
    return sqTail - (int) INT_HANDLE.getAcquire(rings, sqHeadOff);
  }

  /** Free SQ entries. */
  int sqSpace() {
    return sqEntries - sqPending();
  }

  /** The SQ ring's flags word (IORING_SQ_*), which the kernel updates atomically. */
  int sqFlags() {
    return (int) INT_HANDLE.getAcquire(rings, sqFlagsOff);
  }

  /**
   * Writes one SQE at the local tail. The caller has checked {@link #sqSpace()}. Fields not named here are
   * zero (ioprio, buf_index, personality, file_index, addr3).
   */
  void prepare(byte opcode, byte sqeFlags, int fileFd, long offset, long address, int length, int opFlags,
      long userData) {
    prepare(opcode, sqeFlags, fileFd, offset, address, length, opFlags, userData, 0);
  }

  /** {@link #prepare} with sqe->buf_index, for READ_FIXED and WRITE_FIXED. */
  void prepare(byte opcode, byte sqeFlags, int fileFd, long offset, long address, int length, int opFlags,
      long userData, int bufIndex) {
    long base = SQE_BYTES * (sqTail & sqMask);
    sqes.set(U8, base + SQE_OPCODE, opcode);
    sqes.set(U8, base + SQE_FLAGS, sqeFlags);
    sqes.set(U16, base + SQE_IOPRIO, (short) 0);
    sqes.set(U32, base + SQE_FD, fileFd);
    sqes.set(U64, base + SQE_OFF, offset);
    sqes.set(U64, base + SQE_ADDR, address);
    sqes.set(U32, base + SQE_LEN, length);
    sqes.set(U32, base + SQE_OP_FLAGS, opFlags);
    sqes.set(U64, base + SQE_USER_DATA, userData);
    // buf_index, personality, file_index (bytes 40-47), addr3 and the pad (48-63): an SQE is reused.
    sqes.set(U64, base + SQE_TAIL_START, 0L);
    sqes.set(U64, base + SQE_TAIL_START + 8, 0L);
    sqes.set(U64, base + SQE_TAIL_START + 16, 0L);
    sqes.set(U16, base + SQE_BUF_INDEX, (short) bufIndex);
    sqTail++;
  }

  /**
   * Publishes the SQ tail and calls io_uring_enter once: submits every pending SQE, then, with
   * {@code getEvents}, runs deferred completion work and waits for {@code minComplete} completions, at most
   * {@code timeoutNanos} ({@code < 0}: no limit). Returns the kernel's result: SQEs consumed, or {@code -errno}
   * (ETIME when the wait timed out, EINTR on a signal).
   */
  int enter(int minComplete, boolean getEvents, long timeoutNanos) {
    INT_HANDLE.setRelease(rings, sqTailOff, sqTail);
    int toSubmit = sqPending();
    int flags = getEvents ? IORING_ENTER_GETEVENTS : 0;
    long arg = 0;
    long argBytes = 0;
    if (getEvents && minComplete > 0) {
      // EXT_ARG carries the timeout; ts == 0 means wait without one.
      flags |= IORING_ENTER_EXT_ARG;
      getEventsArg.set(U64, GETEVENTS_ARG_TS, timeoutNanos < 0 ? 0 : timespec(timeoutNanos));
      arg = getEventsArg.address();
      argBytes = GETEVENTS_ARG_BYTES;
    }
    return (int) Libc.syscall(errnoState, Libc.SYS_IO_URING_ENTER, fd, toSubmit, minComplete, flags, arg,
        argBytes);
  }

  private long timespec(long nanos) {
    timespec.set(U64, TIMESPEC_SEC, nanos / 1_000_000_000L);
    timespec.set(U64, TIMESPEC_NSEC, nanos % 1_000_000_000L);
    return timespec.address();
  }

  /**
   * io_uring_register(2) with {@code opcode}, an argument address and a count: the result or {@code -errno}.
   */
  int register(int opcode, long arg, int count) {
    return (int) Libc.syscall(errnoState, Libc.SYS_IO_URING_REGISTER, fd, opcode, arg, count, 0, 0);
  }

  /** Our CQ head: the index of the next CQE to read. */
  int cqHead() {
    return cqHead;
  }

  /** The kernel's CQ tail (acquire): CQEs in [cqHead, tail) are ready to read. */
  int cqReadyTail() {
    return (int) INT_HANDLE.getAcquire(rings, cqTailOff);
  }

  long cqeUserData(int index) {
    return rings.get(U64, cqeOffset(index) + CQE_USER_DATA);
  }

  int cqeResult(int index) {
    return rings.get(U32, cqeOffset(index) + CQE_RES);
  }

  private long cqeOffset(int index) {
    return cqesOff + CQE_BYTES * (index & cqMask);
  }

  /** Hands CQEs before {@code newHead} back to the kernel (release store of the CQ head). */
  void cqAdvance(int newHead) {
    cqHead = newHead;
    INT_HANDLE.setRelease(rings, cqHeadOff, newHead);
  }

  /** Unmaps the rings and closes the ring; the kernel cancels whatever is still in flight. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Libc.munmap(errnoState, sqes.address(), sqes.byteSize());
    Libc.munmap(errnoState, rings.address(), rings.byteSize());
    Libc.close(errnoState, fd);
  }

  @Override
  public String toString() {
    return "Ring[fd=" + fd + ", sq=" + sqEntries + ", cq=" + cqEntries + ", flags=0x"
        + Integer.toHexString(setupFlags) + ", features=0x" + Integer.toHexString(features) + "]";
  }
}
