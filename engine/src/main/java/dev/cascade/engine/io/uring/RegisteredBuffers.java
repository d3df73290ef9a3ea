package dev.cascade.engine.io.uring;

import static dev.cascade.engine.io.uring.UringAbi.*;

import dev.cascade.engine.StorageIoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The memory regions registered with one ring (IORING_REGISTER_BUFFERS), and the lookup that tells whether
 * a transfer's buffer lies inside one, and which: its index is the SQE's buf_index for READ_FIXED and
 * WRITE_FIXED. Regions are few (a block cache's frame area, a WAL's buffers), so the lookup is a linear scan.
 *
 * <p>Thread ownership: owned by its queue's thread.
 */
final class RegisteredBuffers {
  /** Most regions one queue registers; the scan per operation stays short. */
  static final int REGIONS_MAX = 64;

  private long[] starts = new long[0];
  private long[] ends = new long[0];
  /**
   * The registered segments, kept reachable for the queue's life: the kernel pinned their pages, and if an
   * automatic arena's region were freed, a new buffer at the same address would be issued as READ_FIXED /
   * WRITE_FIXED against the old pinned pages instead of its own memory.
   */
  private MemorySegment[] regions = new MemorySegment[0];
  private boolean registered;

  /** Registers {@code regions} with {@code ring}; once. */
  void register(Ring ring, Arena arena, MemorySegment[] regions) {
    if (registered) {
      throw new IllegalStateException("buffers are already registered with this ring (once per queue)");
    }
    check(regions);
    MemorySegment iovecs = arena.allocate(IOVEC_BYTES * regions.length, 8);
    long[] s = new long[regions.length];
    long[] e = new long[regions.length];
    for (int i = 0; i < regions.length; i++) {
      s[i] = regions[i].address();
      e[i] = s[i] + regions[i].byteSize();
      iovecs.set(ValueLayout.JAVA_LONG, IOVEC_BYTES * i, s[i]);
      iovecs.set(ValueLayout.JAVA_LONG, IOVEC_BYTES * i + 8, regions[i].byteSize());
    }
    int r = ring.register(IORING_REGISTER_BUFFERS, iovecs.address(), regions.length);
    if (r < 0) {
      throw new StorageIoException(null, "io_uring_register", -r, "registering " + regions.length
          + " buffers (pinned memory counts against RLIMIT_MEMLOCK)");
    }
    starts = s;
    ends = e;
    this.regions = regions.clone();
    registered = true;
  }

  private static void check(MemorySegment[] regions) {
    if (regions.length == 0 || regions.length > REGIONS_MAX) {
      throw new IllegalArgumentException("register 1 to " + REGIONS_MAX + " regions, not " + regions.length);
    }
    for (MemorySegment region : regions) {
      if (!region.isNative() || region.byteSize() == 0 || region.byteSize() > REGISTERED_BUFFER_BYTES_MAX) {
        throw new IllegalArgumentException("a registered region must be native and 1 byte to "
            + REGISTERED_BUFFER_BYTES_MAX + " bytes long: " + region);
      }
    }
  }

  /** Index of the region holding all of {@code [address, address + bytes)}, or -1. */
  int indexOf(long address, long bytes) {
    long end = address + bytes;
    for (int i = 0; i < starts.length; i++) {
      if (address >= starts[i] && end <= ends[i]) {
        return i;
      }
    }
    return -1;
  }
}
