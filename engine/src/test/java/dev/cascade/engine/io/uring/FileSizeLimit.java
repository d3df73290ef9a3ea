package dev.cascade.engine.io.uring;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Lowers the process's RLIMIT_FSIZE for the duration of a test, which makes the kernel cut a write at the
 * limit (a short write) and fail the rest with EFBIG; HotSpot ignores the SIGXFSZ that comes with it. The
 * limit is process-wide, so keep the window short and restore it in {@link #close()}.
 *
 * <p>Thread ownership: owned by the test thread.
 */
final class FileSizeLimit implements AutoCloseable {
  /** RLIMIT_FSIZE: the same number on x86_64 and aarch64 (asm-generic/resource.h). */
  private static final int RLIMIT_FSIZE = 1;
  private static final Linker LINKER = Linker.nativeLinker();
  private static final MethodHandle GETRLIMIT = handle("getrlimit");
  private static final MethodHandle SETRLIMIT = handle("setrlimit");

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment saved = arena.allocate(16, 8);

  FileSizeLimit(long softLimitBytes) throws Throwable {
    check((int) GETRLIMIT.invokeExact(RLIMIT_FSIZE, saved), "getrlimit");
    MemorySegment lowered = arena.allocate(16, 8);
    lowered.set(ValueLayout.JAVA_LONG, 0, softLimitBytes);
    lowered.set(ValueLayout.JAVA_LONG, 8, saved.get(ValueLayout.JAVA_LONG, 8));
    check((int) SETRLIMIT.invokeExact(RLIMIT_FSIZE, lowered), "setrlimit");
  }

  @Override
  public void close() {
    try {
      check((int) SETRLIMIT.invokeExact(RLIMIT_FSIZE, saved), "setrlimit");
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    } finally {
      arena.close();
    }
  }

  private static void check(int r, String call) {
    if (r != 0) {
      throw new IllegalStateException(call + " failed");
    }
  }

  @SuppressWarnings("restricted")
  private static MethodHandle handle(String name) {
    return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  }
}
