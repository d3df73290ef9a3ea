package dev.cascade.engine.io.uring;

import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.MemorySegment;

/**
 * The context of one asynchronous operation of a {@link UringQueue}, from the call that starts it to the
 * completion of its promise: what to do, on which file and buffer, how far it has got, and which CQEs it still
 * expects. Instances are pooled in an {@link OpTable}; an SQE's user_data carries the instance's index.
 *
 * <p>For a short transfer the kernel is asked again for the rest: {@link #address}, {@link #offset} and
 * {@link #remainingBytes} always describe what is still to do, {@link #doneBytes} what is done.
 *
 * <p>Thread ownership: owned by its queue's thread.
 */
final class UringOp {
  static final byte READ = 1;
  static final byte WRITE = 2;
  static final byte WRITEV = 3;
  static final byte SYNC = 4;
  static final byte WRITE_AND_SYNC = 5;
  /** writeAndSync on an O_DIRECT file as one WRITE with RWF_DSYNC (dataOnly) or RWF_SYNC. */
  static final byte WRITE_SYNCED = 6;

  /** Index in the table; the low 32 bits of user_data. */
  final int index;
  byte kind;
  Promise<Void> promise;
  UringFile file;
  /** File offset of the next transfer. */
  long offset;
  /** Buffer address of the next transfer (READ, WRITE, WRITE_AND_SYNC). */
  long address;
  /**
   * The buffer of a READ, WRITE, WRITE_SYNCED or WRITE_AND_SYNC, and the sources of a WRITEV (a copy of the
   * caller's array), held until the op completes: the kernel has only their addresses, so without these
   * references a segment of an automatic arena could be freed by the GC while the kernel still uses its memory.
   */
  MemorySegment buffer;
  MemorySegment[] buffers;
  long remainingBytes;
  long doneBytes;
  /** fdatasync rather than fsync (SYNC, WRITE_AND_SYNC). */
  boolean dataOnly;
  /**
   * CQEs still expected for the SQEs in flight: 2 for a linked write and fsync, else 1 (also for a linked pair
   * whose write carries IOSQE_CQE_SKIP_SUCCESS: see {@link #writeCqeSkipped}).
   */
  int cqesPending;
  /**
   * A WRITE_AND_SYNC whose write carries IOSQE_CQE_SKIP_SUCCESS: exactly one CQE, the fsync's if the write wrote
   * everything, else the write's (the cancelled fsync then posts none).
   */
  boolean writeCqeSkipped;
  /** Results of a linked write and fsync, kept until both CQEs have arrived. */
  int writeResult;
  int syncResult;
  /** What the sync of a SYNC or WRITE_AND_SYNC covers ({@link UringFile#syncCoverage()}), taken at issue. */
  long syncCoverage;
  /** iovec array of a WRITEV (this slot's own scratch memory, allocated on first use). */
  MemorySegment iovecs;
  /** Index of the first iovec not yet fully written, and the number of iovecs. */
  int iovFirst;
  int iovCount;
  /** Intrusive links: next free slot, or next op waiting to be issued. */
  UringOp next;

  UringOp(int index) {
    this.index = index;
  }

  /** CQEs one issue of this op produces. */
  int cqesPerIssue() {
    return kind == WRITE_AND_SYNC && !writeCqeSkipped ? 2 : 1;
  }

  /** SQEs one issue of this op takes. */
  int sqesPerIssue() {
    return kind == WRITE_AND_SYNC ? 2 : 1;
  }

  /** The operation's name in error messages: what the equivalent system call is called. */
  String operationName() {
    return switch (kind) {
      case READ -> IoOp.READ.operationName();
      case WRITE, WRITE_AND_SYNC, WRITE_SYNCED -> IoOp.writeName(1);
      case WRITEV -> IoOp.writeName(iovCount);
      case SYNC -> syncName();
      default -> "io";
    };
  }

  String syncName() {
    return IoOp.syncName(dataOnly);
  }

  /** Forgets the finished operation so that the slot holds no references. */
  void clear() {
    kind = 0;
    promise = null;
    file = null;
    offset = 0;
    address = 0;
    buffer = null;
    buffers = null;
    remainingBytes = 0;
    doneBytes = 0;
    dataOnly = false;
    cqesPending = 0;
    writeCqeSkipped = false;
    writeResult = 0;
    syncResult = 0;
    syncCoverage = 0;
    iovFirst = 0;
    iovCount = 0;
    next = null;
  }
}
