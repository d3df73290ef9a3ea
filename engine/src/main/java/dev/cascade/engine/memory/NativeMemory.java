package dev.cascade.engine.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Large off-heap blocks (page cache slabs, memtable chunks): on Linux, anonymous mappings aligned to 2 MiB and
 * advised as transparent huge pages ({@code madvise(MADV_HUGEPAGE)}, which the kernel honours in its default
 * "madvise" mode), so that hundreds of MiB of cache or memtable need one TLB entry per 2 MiB rather than one per
 * 4 KiB. Point lookups touch three cold cache frames each (filter, index, data) and a skiplist search a dozen cold
 * nodes, at random; with 4 KiB pages each touch also missed the TLB, and a page walk under virtualisation costs
 * several memory reads. The kernel zeroes the pages as they are first touched, so there is no second zeroing pass
 * as with {@link Arena#allocate}. It may still back a region with small pages (no huge page free); the memory
 * works the same either way.
 *
 * <p>Elsewhere, or when the mapping fails, blocks come from the arena. Either way the memory is zeroed and lives
 * until the arena closes (mappings are unmapped by the arena's cleanup).
 *
 * <p>Thread-safe (stateless).
 */
public final class NativeMemory {
  public static final long HUGE_PAGE_BYTES = 2L << 20;

  private static final int PROT_READ_WRITE = 0x1 | 0x2;
  private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
  private static final int MADV_HUGEPAGE = 14;
  private static final long MAP_FAILED = -1;

  private static final MethodHandle MMAP;
  private static final MethodHandle MUNMAP;
  private static final MethodHandle MADVISE;

  static {
    MethodHandle mmap = null;
    MethodHandle munmap = null;
    MethodHandle madvise = null;
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
        && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
      try {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        ValueLayout.OfLong size = ValueLayout.JAVA_LONG;
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT;
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
            FunctionDescriptor.of(size, size, size, i32, i32, i32, size));
        munmap = linker.downcallHandle(libc.find("munmap").orElseThrow(), FunctionDescriptor.of(i32, size, size));
        madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
            FunctionDescriptor.of(i32, size, size, i32));
      } catch (RuntimeException | Error e) {
        mmap = null; // no native access: arena memory
      }
    }
    MMAP = mmap;
    MUNMAP = munmap;
    MADVISE = madvise;
  }

  private NativeMemory() {}

  /** Base pages: what a mapping is made of, and the alignment of every block. */
  public static final long PAGE_BYTES = 4096;

  /**
   * {@code bytes} (a multiple of {@link #PAGE_BYTES}) of zeroed memory aligned to {@link #PAGE_BYTES}, freed when
   * {@code arena} closes.
   */
  public static MemorySegment allocate(Arena arena, long bytes) {
    if (bytes <= 0 || bytes % PAGE_BYTES != 0) {
      throw new IllegalArgumentException("a native block is a positive multiple of " + PAGE_BYTES + " bytes: "
          + bytes);
    }
    MemorySegment mapped = MMAP == null ? null : map(arena, bytes);
    return mapped != null ? mapped : arena.allocate(bytes, PAGE_BYTES);
  }

  /** A huge-page-advised anonymous mapping of {@code bytes}, or null when the kernel refuses one. */
  private static MemorySegment map(Arena arena, long bytes) {
    try {
      long span = bytes + HUGE_PAGE_BYTES;
      long raw = (long) MMAP.invokeExact(0L, span, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
      if (raw == MAP_FAILED || raw == 0) {
        return null;
      }
      // Keep the 2 MiB-aligned part; give back the ends.
      long start = (raw + HUGE_PAGE_BYTES - 1) & -HUGE_PAGE_BYTES;
      long end = start + bytes;
      if (start > raw) {
        int ignored = (int) MUNMAP.invokeExact(raw, start - raw);
      }
      if (raw + span > end) {
        int ignored = (int) MUNMAP.invokeExact(end, raw + span - end);
      }
      int ignored = (int) MADVISE.invokeExact(start, bytes, MADV_HUGEPAGE); // advice only: small pages also work
      return MemorySegment.ofAddress(start).reinterpret(bytes, arena, s -> unmap(s.address(), bytes));
    } catch (Throwable t) {
      return null;
    }
  }

  private static void unmap(long address, long bytes) {
    try {
      int ignored = (int) MUNMAP.invokeExact(address, bytes);
    } catch (Throwable t) {
      // The mapping leaks until the process exits; nothing else can be done in a cleanup action.
    }
  }
}
