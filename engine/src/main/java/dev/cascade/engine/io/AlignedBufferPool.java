package dev.cascade.engine.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A bounded pool of off-heap buffers of one size, each aligned to {@link IoEngine#ALIGNMENT_BYTES} so that it
 * can take O_DIRECT I/O, all carved from one allocation. The pool never grows: {@link #acquire()} returns null
 * when every buffer is out, and the caller decides whether to wait or fail. {@link #release} accepts only a
 * whole buffer of this pool that is out, so double releases and foreign segments are caught at once.
 *
 * <p>The memory comes from a shared arena so that a buffer may be read by any thread (a tool, the kernel).
 *
 * <p>Thread ownership: thread-safe; {@code acquire} and {@code release} take an uncontended monitor, which is
 * cheap in the intended use, one pool per shard. {@link #close()} frees the memory and requires every buffer
 * back, since the kernel may still be using one that is out.
 */
public final class AlignedBufferPool implements AutoCloseable {
  /** Most buffers one pool may hold. */
  public static final int BUFFER_COUNT_MAX = 1 << 20;
  /** Largest single buffer. */
  public static final long BUFFER_BYTES_MAX = 1L << 30;

  private final Arena arena;
  private final MemorySegment memory;
  private final long bufferBytes;
  private final int bufferCount;
  private final int[] free;
  private final boolean[] out;
  private int freeCount;
  private boolean closed;

  /** A pool of {@code bufferCount} buffers of {@code bufferBytes} each (a multiple of 4096). */
  public AlignedBufferPool(long bufferBytes, int bufferCount) {
    long align = IoEngine.ALIGNMENT_BYTES;
    if (bufferBytes <= 0 || bufferBytes % align != 0 || bufferBytes > BUFFER_BYTES_MAX) {
      throw new IllegalArgumentException("buffer size must be a positive multiple of " + align + " up to "
          + BUFFER_BYTES_MAX + ": " + bufferBytes);
    }
    if (bufferCount <= 0 || bufferCount > BUFFER_COUNT_MAX) {
      throw new IllegalArgumentException("buffer count must be in [1, " + BUFFER_COUNT_MAX + "]: " + bufferCount);
    }
    this.bufferBytes = bufferBytes;
    this.bufferCount = bufferCount;
    this.arena = Arena.ofShared();
    this.memory = arena.allocate(Math.multiplyExact(bufferBytes, bufferCount), align);
    this.free = new int[bufferCount];
    this.out = new boolean[bufferCount];
    // Hand out low addresses first: the stack pops from the end.
    for (int i = 0; i < bufferCount; i++) {
      free[i] = bufferCount - 1 - i;
    }
    this.freeCount = bufferCount;
  }

  /** A free buffer, or null when all {@link #capacity()} buffers are out. Its content is whatever was left. */
  public synchronized MemorySegment acquire() {
    checkOpen();
    if (freeCount == 0) {
      return null;
    }
    int index = free[--freeCount];
    out[index] = true;
    return memory.asSlice(index * bufferBytes, bufferBytes);
  }

  /** Returns a buffer obtained from {@link #acquire()}. */
  public synchronized void release(MemorySegment buffer) {
    checkOpen();
    int index = indexOf(buffer);
    if (!out[index]) {
      throw new IllegalStateException("buffer " + index + " (address 0x" + Long.toHexString(buffer.address())
          + ") released twice");
    }
    out[index] = false;
    free[freeCount++] = index;
  }

  private int indexOf(MemorySegment buffer) {
    long relative = buffer.address() - memory.address();
    if (!buffer.isNative() || relative < 0 || relative >= memory.byteSize() || relative % bufferBytes != 0
        || buffer.byteSize() != bufferBytes) {
      throw new IllegalArgumentException("not a buffer of this pool (address 0x" + Long.toHexString(buffer.address())
          + ", " + buffer.byteSize() + " bytes; the pool holds " + bufferCount + " buffers of " + bufferBytes
          + " bytes at 0x" + Long.toHexString(memory.address()) + ")");
    }
    return (int) (relative / bufferBytes);
  }

  public long bufferBytes() {
    return bufferBytes;
  }

  public int capacity() {
    return bufferCount;
  }

  public synchronized int available() {
    return freeCount;
  }

  /** Frees the memory. Every buffer must have been released: one still out may be under I/O. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    if (freeCount != bufferCount) {
      throw new IllegalStateException((bufferCount - freeCount) + " of " + bufferCount
          + " buffers are still out; release them before closing the pool");
    }
    closed = true;
    arena.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("buffer pool is closed");
    }
  }

  @Override
  public synchronized String toString() {
    return "AlignedBufferPool[" + freeCount + " of " + bufferCount + " free, " + bufferBytes + " bytes each]";
  }
}
