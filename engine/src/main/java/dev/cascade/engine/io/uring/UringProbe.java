package dev.cascade.engine.io.uring;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds out once per process whether io_uring can be used here, by setting up and tearing down a tiny ring,
 * and if not, why: an unsupported architecture, native access denied to this JVM, an old kernel (ENOSYS or
 * missing features), {@code kernel.io_uring_disabled}, or a seccomp profile (EPERM).
 *
 * <p>Thread ownership: immutable after class initialisation (the JVM runs that once, thread-safely).
 */
final class UringProbe {
  private static final Path DISABLED_SYSCTL = Path.of("/proc/sys/kernel/io_uring_disabled");
  private static final int PROBE_ENTRIES = Ring.ENTRIES_MIN;

  /** Null when io_uring works, else a sentence saying why not. */
  static final String UNAVAILABLE_REASON = probe();

  private UringProbe() {}

  private static String probe() {
    if (!Libc.ARCH_SUPPORTED) {
      return "io_uring is only wired for x86_64 and aarch64, not " + Libc.ARCH;
    }
    try (Arena arena = Arena.ofConfined()) {
      Ring ring = Ring.create(PROBE_ENTRIES, 0, arena);
      ring.close();
      return null;
    } catch (StorageIoException e) {
      return explain(e);
    } catch (Throwable t) {
      // IllegalCallerException (native access denied), UnsatisfiedLinkError, ExceptionInInitializerError.
      return "io_uring cannot be called from this JVM: " + t
          + " (is --enable-native-access=ALL-UNNAMED set?)";
    }
  }

  private static String explain(StorageIoException e) {
    String sysctl = readDisabledSysctl();
    return switch (e.errno()) {
      case Errno.ENOSYS -> "the kernel has no io_uring (" + e.getMessage() + ")";
      case Errno.EPERM -> "io_uring is not permitted: " + e.getMessage() + "; kernel.io_uring_disabled="
          + sysctl + " (0 allows it), or a seccomp profile forbids it";
      default -> "io_uring cannot be set up: " + e.getMessage();
    };
  }

  private static String readDisabledSysctl() {
    try {
      return Files.readString(DISABLED_SYSCTL).strip();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
