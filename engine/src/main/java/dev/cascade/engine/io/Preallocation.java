package dev.cascade.engine.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The zero fill of {@link IoEngine#preallocate}, shared by the engines: checks the range, then writes zeros
 * over it from one aligned buffer (so that the same buffer serves O_DIRECT files), a chunk at a time, through
 * the engine's own positional write. The engine syncs afterwards.
 *
 * <p>Immutable (static methods only).
 */
public final class Preallocation {
  /** Size of the zero buffer, so one write covers at most this many bytes. */
  public static final int CHUNK_BYTES = 1 << 20;

  /** An engine's positional write of all of {@code zeros} at {@code offset}, or a {@code StorageIoException}. */
  @FunctionalInterface
  public interface ChunkWriter {
    void writeFully(long offset, MemorySegment zeros);
  }

  private Preallocation() {}

  /**
   * Writes zeros over {@code [offset, offset + length)} of {@code path}'s file with {@code writer}.
   *
   * @throws IllegalArgumentException unless offset and length are non-negative multiples of
   *     {@link IoEngine#ALIGNMENT_BYTES} ({@link DirectAlignment#checkRange})
   */
  public static void writeZeros(Path path, long offset, long length, ChunkWriter writer) {
    DirectAlignment.checkRange(path, offset, length);
    try (Arena arena = Arena.ofConfined()) {
      // allocate() zeroes the buffer.
      MemorySegment zeros = arena.allocate(Math.max(IoEngine.ALIGNMENT_BYTES, Math.min(length, CHUNK_BYTES)),
          IoEngine.ALIGNMENT_BYTES);
      for (long done = 0; done < length; ) {
        long n = Math.min(zeros.byteSize(), length - done);
        writer.writeFully(offset + done, zeros.asSlice(0, n));
        done += n;
      }
    }
  }
}
