package dev.cascade.engine.io.uring;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.FileSystemOps;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.Preallocation;
import dev.cascade.engine.runtime.EventLoop;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/**
 * The io_uring {@link IoEngine}: data-path I/O goes through one {@link UringQueue} (one ring) per shard; the
 * rare file operations are plain system calls through {@link Libc} (open, close, lseek, ftruncate, pwrite,
 * fdatasync), and the namespace operations are the shared {@link FileSystemOps}, all on the calling thread.
 *
 * <p>Files are opened with {@code O_CLOEXEC}, and {@code O_DIRECT} for {@link OpenFlag#DIRECT}; a file system
 * that refuses O_DIRECT (EINVAL) gets an error that says so. Use {@link #isAvailable()} before constructing
 * one: the constructor fails with the reason when io_uring cannot be used.
 *
 * <p>Thread ownership: thread-safe (no mutable state besides the closed flag); queues are owned by the
 * threads that open them.
 */
public final class UringIoEngine implements IoEngine {
  private final int ringEntries;
  private volatile boolean closed;

  /** An engine whose queues have {@link Ring#ENTRIES_DEFAULT} SQ entries. */
  public UringIoEngine() {
    this(Ring.ENTRIES_DEFAULT);
  }

  /**
   * An engine whose queues have {@code ringEntries} SQ entries (a power of two in [8, 4096]).
   *
   * @throws StorageIoException when io_uring is unavailable, with {@link #unavailableReason()} as the detail
   */
  public UringIoEngine(int ringEntries) {
    if (!isAvailable()) {
      throw new StorageIoException(null, "io_uring_setup", 0, unavailableReason());
    }
    if (ringEntries < Ring.ENTRIES_MIN || ringEntries > Ring.ENTRIES_MAX || Integer.bitCount(ringEntries) != 1) {
      throw new IllegalArgumentException("ring entries must be a power of two in [" + Ring.ENTRIES_MIN + ", "
          + Ring.ENTRIES_MAX + "]: " + ringEntries);
    }
    this.ringEntries = ringEntries;
  }

  /** True when this process can use io_uring (probed once, by setting up and closing a small ring). */
  public static boolean isAvailable() {
    return UringProbe.UNAVAILABLE_REASON == null;
  }

  /** Why io_uring cannot be used here, or null when it can. */
  public static String unavailableReason() {
    return UringProbe.UNAVAILABLE_REASON;
  }

  @Override
  public IoEngineKind kind() {
    return IoEngineKind.URING;
  }

  /** Creates the calling thread's ring. */
  @Override
  public IoQueue open(EventLoop loop, int shardIndex) {
    checkOpen();
    if (!loop.inLoop()) {
      throw new IllegalStateException("an io_uring queue must be opened on its loop's own thread (shard "
          + shardIndex + ", called from " + Thread.currentThread().getName() + ")");
    }
    return new UringQueue(loop, shardIndex, ringEntries, Ring.SETUP_FLAGS_PREFERRED);
  }

  @Override
  public IoFile open(Path path, OpenFlag... flags) {
    checkOpen();
    EnumSet<OpenFlag> set = EnumSet.noneOf(OpenFlag.class);
    set.addAll(List.of(flags));
    boolean writable = set.contains(OpenFlag.WRITE) || set.contains(OpenFlag.CREATE)
        || set.contains(OpenFlag.CREATE_NEW) || set.contains(OpenFlag.TRUNCATE);
    boolean direct = set.contains(OpenFlag.DIRECT);
    int fd;
    try (Arena arena = Arena.ofConfined()) {
      fd = Libc.open(Libc.allocateErrnoState(arena), cString(arena, path), openFlags(set, writable), Libc.FILE_MODE);
    }
    if (fd == -Errno.EINVAL && direct) {
      throw new StorageIoException(path, IoOp.OPEN.operationName(), Errno.EINVAL,
          "the file system refuses O_DIRECT; open the file without OpenFlag.DIRECT");
    }
    if (fd < 0) {
      throw new StorageIoException(path, IoOp.OPEN.operationName(), -fd, "flags " + set);
    }
    return new UringFile(path, fd, direct, writable, !direct && set.contains(OpenFlag.INLINE_SMALL_WRITES));
  }

  private static int openFlags(EnumSet<OpenFlag> set, boolean writable) {
    int flags = Libc.O_CLOEXEC | (writable ? Libc.O_RDWR : Libc.O_RDONLY);
    if (set.contains(OpenFlag.CREATE_NEW)) {
      flags |= Libc.O_CREAT | Libc.O_EXCL;
    } else if (set.contains(OpenFlag.CREATE)) {
      flags |= Libc.O_CREAT;
    }
    if (set.contains(OpenFlag.TRUNCATE)) {
      flags |= Libc.O_TRUNC;
    }
    if (set.contains(OpenFlag.DIRECT)) {
      flags |= Libc.O_DIRECT;
    }
    return flags;
  }

  /**
   * Closes the file once no operation of any queue holds its descriptor: at once if none does, else on the
   * owner thread of the queue whose operation completes last (see {@link UringFile}). Operations started after
   * this call fail with EBADF.
   */
  @Override
  public void close(IoFile file) {
    UringFile f = UringFile.of(file);
    int r = f.close();
    // The descriptor is gone whatever close reports (Linux never leaves it open), so report and move on.
    if (r < 0 && r != -Errno.EINTR) {
      throw new StorageIoException(f.path(), "close", -r, null);
    }
  }

  @Override
  public long size(IoFile file) {
    UringFile f = UringFile.of(file);
    String op = IoOp.SIZE_OPERATION;
    int fd = acquire(f, op);
    try (Arena arena = Arena.ofConfined()) {
      // lseek moves the shared file position, which no positional operation of ours uses. A failure is named as
      // FileChannel's size() (fstat) is, so that both engines report the same operation.
      long r = Libc.lseek(Libc.allocateErrnoState(arena), fd, 0, Libc.SEEK_END);
      return check(f.path(), op, r);
    } finally {
      f.release();
    }
  }

  @Override
  public void truncate(IoFile file, long sizeBytes) {
    UringFile f = UringFile.of(file);
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("ftruncate " + f.path() + ": negative size " + sizeBytes);
    }
    String op = IoOp.TRUNCATE.operationName();
    int fd = acquire(f, op);
    try (Arena arena = Arena.ofConfined()) {
      check(f.path(), op, Libc.ftruncate(Libc.allocateErrnoState(arena), fd, sizeBytes));
    } finally {
      f.release();
    }
  }

  @Override
  public void preallocate(IoFile file, long offset, long length) {
    UringFile f = UringFile.of(file);
    String op = IoOp.PREALLOCATE.operationName();
    int fd = acquire(f, op);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment errno = Libc.allocateErrnoState(arena);
      Preallocation.writeZeros(f.path(), offset, length, (pos, zeros) -> pwriteFully(f, op, errno, fd, pos, zeros));
      check(f.path(), op, Libc.fdatasync(errno, fd));
    } finally {
      f.release();
    }
  }

  /** pwrite(2) of all of {@code src} at {@code offset}: again after EINTR, on for the rest after a short write. */
  private static void pwriteFully(UringFile f, String op, MemorySegment errno, int fd, long offset,
      MemorySegment src) {
    for (long done = 0; done < src.byteSize(); ) {
      long n = Libc.pwrite(errno, fd, src.asSlice(done), src.byteSize() - done, offset + done);
      if (n == -Errno.EINTR) {
        continue;
      }
      check(f.path(), op, n);
      if (n == 0) {
        throw new StorageIoException(f.path(), op, 0, "the kernel wrote 0 bytes at offset " + (offset + done));
      }
      done += n;
    }
  }

  /** Marks the engine closed; queues and files are closed by their owners before. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "UringIoEngine[ringEntries=" + ringEntries + "]";
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the io_uring engine is closed");
    }
  }

  /** Holds the file's descriptor for a system call (release it after), or fails with EBADF once it is closed. */
  private static int acquire(UringFile f, String operation) {
    if (!f.acquire()) {
      throw new StorageIoException(f.path(), operation, Errno.EBADF, "the file is closed");
    }
    return f.fd();
  }

  private static long check(Path path, String operation, long result) {
    if (result < 0) {
      throw new StorageIoException(path, operation, (int) -result, null);
    }
    return result;
  }

  private static MemorySegment cString(Arena arena, Path path) {
    return arena.allocateFrom(path.toString());
  }
}
