package dev.cascade.engine.runtime;

import dev.cascade.engine.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.Optional;

/**
 * Pins the calling thread to one CPU with Linux's {@code sched_setaffinity(0, size, mask)}, called through the
 * FFM linker. Pinning is an optimisation, so every failure (another OS, a container that forbids it, a CPU
 * outside the allowed set) is logged at debug level and otherwise ignored.
 *
 * <p>Immutable (static, thread-safe).
 */
final class CpuAffinity {
  /** The CPUs a mask can name: glibc's {@code cpu_set_t} is 1024 bits. */
  static final int CPU_INDEX_MAX = 1023;

  private static final int MASK_BYTES = (CPU_INDEX_MAX + 1) / 8;
  private static final System.Logger LOG = System.getLogger(CpuAffinity.class.getName());
  private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final MethodHandle SCHED_SETAFFINITY = lookup("sched_setaffinity");
  private static final MethodHandle SCHED_GETAFFINITY = lookup("sched_getaffinity");

  private CpuAffinity() {}

  private static MethodHandle lookup(String name) {
    try {
      if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
        return null;
      }
      Linker linker = Linker.nativeLinker();
      Optional<MemorySegment> symbol = linker.defaultLookup().find(name);
      return symbol
          .map(
              s ->
                  linker.downcallHandle(
                      s,
                      FunctionDescriptor.of(
                          ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
                      Linker.Option.captureCallState("errno")))
          .orElse(null);
    } catch (RuntimeException | LinkageError e) {
      // No native access (the JVM lacks --enable-native-access) or no linker: run unpinned.
      LOG.log(System.Logger.Level.DEBUG, name + " is unavailable: " + e);
      return null;
    }
  }

  /** True when this JVM can call {@code sched_setaffinity}. */
  static boolean available() {
    return SCHED_SETAFFINITY != null;
  }

  /**
   * The CPUs the calling thread may run on (its affinity mask, which a container's cpuset narrows), in
   * ascending order; when the mask cannot be read, CPUs 0 to availableProcessors - 1.
   */
  static int[] allowedCpus() {
    int[] fallback = java.util.stream.IntStream.range(0, Runtime.getRuntime().availableProcessors()).toArray();
    if (SCHED_GETAFFINITY == null) {
      return fallback;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mask = arena.allocate(MASK_BYTES, 8);
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) SCHED_GETAFFINITY.invokeExact(state, 0, (long) MASK_BYTES, mask);
      if (rc < 0) {
        LOG.log(System.Logger.Level.DEBUG, "sched_getaffinity failed with " + Errno.name((int) ERRNO.get(state, 0L)));
        return fallback;
      }
      java.util.BitSet bits = java.util.BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
      int[] cpus = bits.stream().toArray();
      return cpus.length == 0 ? fallback : cpus;
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.DEBUG, "sched_getaffinity failed: " + t);
      return fallback;
    }
  }

  /** Pins the calling thread to {@code cpu}; false (and a debug log line) when that is not possible. */
  static boolean pinCurrentThread(int cpu) {
    if (cpu < 0 || cpu > CPU_INDEX_MAX) {
      throw new IllegalArgumentException("cpu must be between 0 and " + CPU_INDEX_MAX + ": " + cpu);
    }
    if (SCHED_SETAFFINITY == null) {
      LOG.log(System.Logger.Level.DEBUG, "not pinning to cpu " + cpu + ": sched_setaffinity is unavailable");
      return false;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment mask = arena.allocate(MASK_BYTES, 8);
      mask.setAtIndex(ValueLayout.JAVA_LONG, cpu / 64, 1L << (cpu % 64));
      MemorySegment state = arena.allocate(CALL_STATE);
      int rc = (int) SCHED_SETAFFINITY.invokeExact(state, 0, (long) MASK_BYTES, mask);
      if (rc != 0) {
        int errno = (int) ERRNO.get(state, 0L);
        LOG.log(
            System.Logger.Level.DEBUG,
            "not pinning to cpu " + cpu + ": sched_setaffinity failed with " + Errno.name(errno));
        return false;
      }
      return true;
    } catch (Throwable t) {
      LOG.log(System.Logger.Level.DEBUG, "not pinning to cpu " + cpu + ": " + t);
      return false;
    }
  }
}
