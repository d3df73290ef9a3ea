package dev.cascade.engine.io.uring;

/**
 * The io_uring kernel ABI as Cascade uses it: flag values, opcodes, and the byte offsets of the structures in
 * {@code <linux/io_uring.h>}. Names follow the header so that each constant can be looked up there. Only what
 * the engine uses is listed.
 *
 * <p>Struct layouts (little-endian, natural alignment, identical on x86_64 and arm64):
 *
 * <pre>
 * struct io_uring_params (120 bytes)      struct io_uring_sqe (64 bytes)      struct io_uring_cqe (16 bytes)
 *    0 u32 sq_entries                        0 u8  opcode                        0 u64 user_data
 *    4 u32 cq_entries                        1 u8  flags (IOSQE_*)               8 s32 res
 *    8 u32 flags (IORING_SETUP_*)            2 u16 ioprio                       12 u32 flags (IORING_CQE_F_*)
 *   20 u32 features (IORING_FEAT_*)          4 s32 fd
 *   40 struct io_sqring_offsets sq_off       8 u64 off
 *   80 struct io_cqring_offsets cq_off      16 u64 addr
 *                                           24 u32 len
 * io_sqring_offsets: head 0, tail 4,        28 u32 rw_flags / fsync_flags / cancel_flags
 *   ring_mask 8, ring_entries 12, flags 16, 32 u64 user_data
 *   dropped 20, array 24                    40 u16 buf_index, 42 personality, 44 file_index, 48 addr3
 * io_cqring_offsets: head 0, tail 4,
 *   ring_mask 8, ring_entries 12,         struct io_uring_getevents_arg (24 bytes)
 *   overflow 16, cqes 20, flags 24           0 u64 sigmask, 8 u32 sigmask_sz, 12 u32 pad, 16 u64 ts
 * </pre>
 *
 * <p>Thread ownership: constants only; immutable.
 */
final class UringAbi {
  private UringAbi() {}

  // io_uring_setup(2) flags (IORING_SETUP_*).
  /** IORING_SETUP_TASKRUN_FLAG: the kernel sets IORING_SQ_TASKRUN when completions wait for an enter. */
  static final int IORING_SETUP_TASKRUN_FLAG = 1 << 9;
  /** IORING_SETUP_SINGLE_ISSUER: only the creating thread submits (lets the kernel skip locking). */
  static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
  /** IORING_SETUP_DEFER_TASKRUN: completion work runs only when the owner enters with GETEVENTS. */
  static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

  // io_uring_params->features (IORING_FEAT_*).
  /** IORING_FEAT_SINGLE_MMAP: the SQ and CQ rings share one mapping (kernel 5.4). */
  static final int IORING_FEAT_SINGLE_MMAP = 1 << 0;
  /** IORING_FEAT_NODROP: completions are never dropped when the CQ ring is full (kernel 5.5). */
  static final int IORING_FEAT_NODROP = 1 << 1;
  /** IORING_FEAT_SUBMIT_STABLE: data referenced by an SQE may be reused once it is submitted (kernel 5.5). */
  static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
  /** IORING_FEAT_EXT_ARG: io_uring_enter accepts struct io_uring_getevents_arg, with a timeout (5.11). */
  static final int IORING_FEAT_EXT_ARG = 1 << 8;
  /** IORING_FEAT_CQE_SKIP: IOSQE_CQE_SKIP_SUCCESS is supported (kernel 5.17). */
  static final int IORING_FEAT_CQE_SKIP = 1 << 11;
  /** The features the engine cannot work without. */
  static final int FEATURES_REQUIRED =
      IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP | IORING_FEAT_SUBMIT_STABLE | IORING_FEAT_EXT_ARG;

  // io_uring_enter(2) flags (IORING_ENTER_*).
  static final int IORING_ENTER_GETEVENTS = 1 << 0;
  static final int IORING_ENTER_EXT_ARG = 1 << 3;

  // sq_ring->flags (IORING_SQ_*), read by the application.
  /** IORING_SQ_CQ_OVERFLOW: completions wait in the kernel's overflow list; enter to flush them. */
  static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
  /** IORING_SQ_TASKRUN: deferred completion work is pending; enter with GETEVENTS to run it. */
  static final int IORING_SQ_TASKRUN = 1 << 2;

  // Opcodes (enum io_uring_op).
  static final byte IORING_OP_WRITEV = 2;
  static final byte IORING_OP_FSYNC = 3;
  /** Read into a registered buffer, named by sqe->buf_index. */
  static final byte IORING_OP_READ_FIXED = 4;
  /** Write from a registered buffer, named by sqe->buf_index. */
  static final byte IORING_OP_WRITE_FIXED = 5;
  static final byte IORING_OP_ASYNC_CANCEL = 14;
  static final byte IORING_OP_READ = 22;
  static final byte IORING_OP_WRITE = 23;

  // sqe->flags (IOSQE_*).
  /** IOSQE_IO_LINK: the next SQE starts only after this one succeeds; it is cancelled otherwise. */
  static final byte IOSQE_IO_LINK = 1 << 2;
  /**
   * IOSQE_CQE_SKIP_SUCCESS: no CQE if the request succeeds. If it fails it posts one, and the requests linked
   * after it, cancelled, post none (Linux 5.17, IORING_FEAT_CQE_SKIP).
   */
  static final byte IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

  // sqe->cancel_flags (IORING_ASYNC_CANCEL_*) of IORING_OP_ASYNC_CANCEL; sqe->addr is the user_data to match.
  /** IORING_ASYNC_CANCEL_ALL: cancel every request that matches, not just the first. */
  static final int IORING_ASYNC_CANCEL_ALL = 1 << 0;
  /** IORING_ASYNC_CANCEL_ANY: match any request, whatever its user_data (Linux 5.19). */
  static final int IORING_ASYNC_CANCEL_ANY = 1 << 2;

  // sqe->rw_flags of READ/WRITE (RWF_* of <linux/fs.h>, as for pwritev2; accepted by io_uring since 5.1).
  /** RWF_DSYNC: this write completes only once its data is durable, as if followed by fdatasync (O_DSYNC). */
  static final int RWF_DSYNC = 0x2;
  /** RWF_SYNC: as RWF_DSYNC, with all metadata too, as if followed by fsync (O_SYNC). */
  static final int RWF_SYNC = 0x4;

  /** sqe->fsync_flags IORING_FSYNC_DATASYNC: fdatasync instead of fsync. */
  static final int IORING_FSYNC_DATASYNC = 1 << 0;

  /** mmap offset of the SQ ring (and, with SINGLE_MMAP, the CQ ring): IORING_OFF_SQ_RING. */
  static final long IORING_OFF_SQ_RING = 0L;
  /** mmap offset of the SQE array: IORING_OFF_SQES. */
  static final long IORING_OFF_SQES = 0x10000000L;

  // struct io_uring_params.
  static final long PARAMS_BYTES = 120;
  static final long PARAMS_SQ_ENTRIES = 0;
  static final long PARAMS_CQ_ENTRIES = 4;
  static final long PARAMS_FLAGS = 8;
  static final long PARAMS_FEATURES = 20;
  static final long PARAMS_SQ_OFF = 40;
  static final long PARAMS_CQ_OFF = 80;

  // struct io_sqring_offsets, relative to PARAMS_SQ_OFF.
  static final long SQ_OFF_HEAD = 0;
  static final long SQ_OFF_TAIL = 4;
  static final long SQ_OFF_RING_MASK = 8;
  static final long SQ_OFF_RING_ENTRIES = 12;
  static final long SQ_OFF_FLAGS = 16;
  static final long SQ_OFF_ARRAY = 24;

  // struct io_cqring_offsets, relative to PARAMS_CQ_OFF.
  static final long CQ_OFF_HEAD = 0;
  static final long CQ_OFF_TAIL = 4;
  static final long CQ_OFF_RING_MASK = 8;
  static final long CQ_OFF_RING_ENTRIES = 12;
  static final long CQ_OFF_CQES = 20;

  // struct io_uring_sqe.
  static final long SQE_BYTES = 64;
  static final long SQE_OPCODE = 0;
  static final long SQE_FLAGS = 1;
  static final long SQE_IOPRIO = 2;
  static final long SQE_FD = 4;
  static final long SQE_OFF = 8;
  static final long SQE_ADDR = 16;
  static final long SQE_LEN = 24;
  static final long SQE_OP_FLAGS = 28;
  static final long SQE_USER_DATA = 32;
  static final long SQE_BUF_INDEX = 40;
  /** First byte after user_data: buf_index, personality, file_index, addr3, pad (all zero for our ops). */
  static final long SQE_TAIL_START = 40;

  // struct io_uring_cqe.
  static final long CQE_BYTES = 16;
  static final long CQE_USER_DATA = 0;
  static final long CQE_RES = 8;
  static final long CQE_FLAGS = 12;

  // struct io_uring_getevents_arg and struct __kernel_timespec.
  static final long GETEVENTS_ARG_BYTES = 24;
  static final long GETEVENTS_ARG_SIGMASK_SZ = 8;
  static final long GETEVENTS_ARG_TS = 16;
  /** _NSIG / 8: the kernel's signal set size, which liburing passes even without a mask. */
  static final int KERNEL_SIGSET_BYTES = 8;
  static final long TIMESPEC_BYTES = 16;
  static final long TIMESPEC_SEC = 0;
  static final long TIMESPEC_NSEC = 8;

  // io_uring_register(2) opcodes.
  /** IORING_REGISTER_BUFFERS: arg is an iovec array, nr_args its length; pins the pages once. */
  static final int IORING_REGISTER_BUFFERS = 0;
  /** The kernel's limits: IORING_MAX_REG_BUFFERS buffers, each at most 1 GiB (io_buffer_validate). */
  static final int IORING_MAX_REG_BUFFERS = 1 << 14;
  static final long REGISTERED_BUFFER_BYTES_MAX = 1L << 30;

  /** struct iovec: u64 iov_base, u64 iov_len. */
  static final long IOVEC_BYTES = 16;
}
