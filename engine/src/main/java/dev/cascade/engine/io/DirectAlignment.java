package dev.cascade.engine.io;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Checks the O_DIRECT rules before an operation reaches the kernel, so that a misaligned call is reported as
 * the programming error it is (naming the bad value) rather than as a bare EINVAL from the kernel.
 *
 * <p>Immutable (static methods only).
 */
public final class DirectAlignment {
  private DirectAlignment() {}

  /** Throws {@link IllegalArgumentException} unless offset, length and address are all aligned. */
  public static void check(Path path, long offset, MemorySegment buffer) {
    long align = IoEngine.ALIGNMENT_BYTES;
    if (!buffer.isNative()) {
      throw new IllegalArgumentException(
          "O_DIRECT I/O on " + path + " needs an off-heap buffer aligned to " + align + " bytes, got a heap segment");
    }
    long length = buffer.byteSize();
    long address = buffer.address();
    if (offset % align != 0 || length % align != 0 || address % align != 0) {
      throw new IllegalArgumentException(
          "O_DIRECT I/O on " + path + " needs offset, length and buffer address aligned to " + align
              + " bytes: offset " + offset + ", length " + length + ", address 0x" + Long.toHexString(address));
    }
  }

  /** Throws {@link IllegalArgumentException} unless offset and length are aligned (preallocation). */
  public static void checkRange(Path path, long offset, long length) {
    long align = IoEngine.ALIGNMENT_BYTES;
    if (offset < 0 || length < 0 || offset % align != 0 || length % align != 0) {
      throw new IllegalArgumentException(
          "preallocate on " + path + " needs a non-negative offset and length aligned to " + align
              + " bytes: offset " + offset + ", length " + length);
    }
  }
}
