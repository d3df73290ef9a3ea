package dev.cascade.engine.io.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Locale;

/**
 * Downcalls into the C library through FFM: the raw {@code syscall} for io_uring, and the handful of POSIX
 * calls the io_uring engine needs for files, memory mappings and its eventfd.
 *
 * <p>Every wrapper returns the call's result when it succeeds and {@code -errno} when it fails, so that callers
 * handle kernel errors as io_uring does (a negative result). The errno is captured with
 * {@code Linker.Option.captureCallState("errno")} into a caller-supplied state segment of
 * {@link #ERRNO_STATE_BYTES} bytes (see {@link #allocateErrnoState}), which keeps hot calls free of
 * allocation; a thread must not share its state segment with another thread during a call.
 *
 * <p>Flag values that differ between architectures ({@code O_DIRECT}) are chosen for the
 * running one; only x86_64 and aarch64 are supported (see {@link #ARCH_SUPPORTED}).
 *
 * <p>Thread ownership: stateless (static method handles only); thread-safe.
 */
final class Libc {
  /** Architecture name as reported by {@code os.arch}. */
  static final String ARCH = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);

  private static final boolean AARCH64 = ARCH.equals("aarch64");

  /** True on x86_64 and aarch64, the architectures whose flag values and syscall numbers are written here. */
  static final boolean ARCH_SUPPORTED = AARCH64 || ARCH.equals("amd64") || ARCH.equals("x86_64");

  // Syscall numbers: io_uring got the same numbers on every architecture (arch/*/unistd: 425-427).
  static final long SYS_IO_URING_SETUP = 425;
  static final long SYS_IO_URING_ENTER = 426;
  static final long SYS_IO_URING_REGISTER = 427;

  // open(2) flags. O_DIRECT and O_DIRECTORY are swapped on arm64 (arch/arm64/include/uapi/asm/fcntl.h).
  static final int O_RDONLY = 0;
  static final int O_RDWR = 02;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_TRUNC = 01000;
  static final int O_DIRECT = AARCH64 ? 0200000 : 040000;
  static final int O_CLOEXEC = 02000000;

  /** Mode of files we create: rw-r--r-- (the process umask still applies). */
  static final int FILE_MODE = 0644;

  // mmap(2): asm-generic/mman-common.h values, shared by x86_64 and arm64.
  static final int PROT_READ = 0x1;
  static final int PROT_WRITE = 0x2;
  static final int MAP_SHARED = 0x01;
  static final int MAP_POPULATE = 0x8000;

  /** eventfd(2) flag: close on exec. The eventfd stays blocking so io_uring polls it instead of failing. */
  static final int EFD_CLOEXEC = O_CLOEXEC;

  /** lseek(2) whence: relative to the end of the file (used to read a file's size). */
  static final int SEEK_END = 2;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  /** Size of the errno capture state that every wrapper takes as its first argument. */
  static final long ERRNO_STATE_BYTES = CAPTURE_LAYOUT.byteSize();

  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout ADDR = ValueLayout.ADDRESS;

  /** {@code long syscall(long number, ...)} with six variadic longs; unused ones are passed as 0. */
  private static final MethodHandle SYSCALL6 =
      capturing("syscall", FunctionDescriptor.of(LONG, LONG, LONG, LONG, LONG, LONG, LONG, LONG), 1);
  private static final MethodHandle OPEN =
      capturing("open", FunctionDescriptor.of(INT, ADDR, INT, INT), 2);
  private static final MethodHandle CLOSE = capturing("close", FunctionDescriptor.of(INT, INT), -1);
  private static final MethodHandle MMAP =
      capturing("mmap", FunctionDescriptor.of(ADDR, ADDR, LONG, INT, INT, INT, LONG), -1);
  private static final MethodHandle MUNMAP =
      capturing("munmap", FunctionDescriptor.of(INT, ADDR, LONG), -1);
  private static final MethodHandle EVENTFD =
      capturing("eventfd", FunctionDescriptor.of(INT, INT, INT), -1);
  private static final MethodHandle WRITE =
      capturing("write", FunctionDescriptor.of(LONG, INT, ADDR, LONG), -1);
  private static final MethodHandle PWRITE =
      capturing("pwrite", FunctionDescriptor.of(LONG, INT, ADDR, LONG, LONG), -1);
  private static final MethodHandle FDATASYNC =
      capturing("fdatasync", FunctionDescriptor.of(INT, INT), -1);
  private static final MethodHandle FTRUNCATE =
      capturing("ftruncate", FunctionDescriptor.of(INT, INT, LONG), -1);
  private static final MethodHandle LSEEK =
      capturing("lseek", FunctionDescriptor.of(LONG, INT, LONG, INT), -1);

  private Libc() {}

  /** A zeroed errno capture state in {@code arena}, for the wrappers below. */
  static MemorySegment allocateErrnoState(Arena arena) {
    return arena.allocate(CAPTURE_LAYOUT);
  }

  static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  /** {@code syscall(number, a1..a6)}: the raw kernel result, or {@code -errno}. */
  static long syscall(MemorySegment state, long number, long a1, long a2, long a3, long a4, long a5, long a6) {
    try {
      long r = (long) SYSCALL6.invokeExact(state, number, a1, a2, a3, a4, a5, a6);
      return r == -1 ? -errno(state) : r;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int open(MemorySegment state, MemorySegment path, int flags, int mode) {
    try {
      int r = (int) OPEN.invokeExact(state, path, flags, mode);
      return r < 0 ? -errno(state) : r;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int close(MemorySegment state, int fd) {
    try {
      return checkInt(state, (int) CLOSE.invokeExact(state, fd));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** mmap of a shared read-write region of {@code fd}; the address, or {@code -errno} as a long. */
  static long mmapShared(MemorySegment state, long length, int fd, long offset) {
    try {
      MemorySegment r = (MemorySegment)
          MMAP.invokeExact(state, MemorySegment.NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE,
              fd, offset);
      // MAP_FAILED is (void *) -1.
      return r.address() == -1L ? -errno(state) : r.address();
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int munmap(MemorySegment state, long address, long length) {
    try {
      return checkInt(state, (int) MUNMAP.invokeExact(state, MemorySegment.ofAddress(address), length));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int eventfd(MemorySegment state, int initialValue, int flags) {
    try {
      return checkInt(state, (int) EVENTFD.invokeExact(state, initialValue, flags));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long write(MemorySegment state, int fd, MemorySegment buf, long count) {
    try {
      return checkLong(state, (long) WRITE.invokeExact(state, fd, buf, count));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long pwrite(MemorySegment state, int fd, MemorySegment buf, long count, long offset) {
    try {
      return checkLong(state, (long) PWRITE.invokeExact(state, fd, buf, count, offset));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }


  static int fdatasync(MemorySegment state, int fd) {
    try {
      return checkInt(state, (int) FDATASYNC.invokeExact(state, fd));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static int ftruncate(MemorySegment state, int fd, long length) {
    try {
      return checkInt(state, (int) FTRUNCATE.invokeExact(state, fd, length));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  static long lseek(MemorySegment state, int fd, long offset, int whence) {
    try {
      return checkLong(state, (long) LSEEK.invokeExact(state, fd, offset, whence));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }



  private static int checkInt(MemorySegment state, int r) {
    return r == -1 ? -errno(state) : r;
  }

  private static long checkLong(MemorySegment state, long r) {
    return r == -1 ? -errno(state) : r;
  }

  /**
   * A downcall handle whose first parameter is the errno capture state. {@code firstVariadic} is the index of
   * the first variadic C parameter (for {@code syscall} and {@code open}), or -1.
   */
  @SuppressWarnings("restricted") // native access is the point of this class; the JVM flag enables it
  private static MethodHandle capturing(String name, FunctionDescriptor descriptor, int firstVariadic) {
    MemorySegment symbol = LIBC.find(name)
        .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    Linker.Option capture = Linker.Option.captureCallState("errno");
    return firstVariadic < 0
        ? LINKER.downcallHandle(symbol, descriptor, capture)
        : LINKER.downcallHandle(symbol, descriptor, capture, Linker.Option.firstVariadicArg(firstVariadic));
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
