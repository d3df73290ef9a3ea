package dev.cascade.engine.io;

import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Blocking reads, writes and syncs over any {@link IoEngine}, for tools, recovery code and tests. The first call
 * binds the facade to the calling thread: it opens a private {@link EventLoop} and {@link IoQueue} there and
 * then waits for each operation by driving the queue ({@code poll}, then {@code sleep}) until the promise
 * completes. Each method returns the byte count, or throws the operation's
 * {@link dev.cascade.engine.StorageIoException}.
 *
 * <p>File-system operations (open, rename, ...) are synchronous on the engine already: call them there.
 *
 * <p>Thread ownership: owned by the thread that first uses it; any other thread gets
 * {@link IllegalStateException}. Close it on that thread.
 */
public final class SyncIo implements AutoCloseable {
  /** Shard index reported by the private queue: not a shard. */
  public static final int SHARD_INDEX_NONE = -1;

  private final IoEngine engine;
  private final AtomicReference<Thread> owner = new AtomicReference<>();
  private IoQueue queue;
  private boolean closed;

  public SyncIo(IoEngine engine) {
    this.engine = engine;
  }

  public IoEngine engine() {
    return engine;
  }

  /** Reads up to {@code dst.byteSize()} bytes at {@code offset}; fewer only at end of file. */
  public long read(IoFile file, long offset, MemorySegment dst) {
    return await(queue().read(file, offset, dst));
  }

  public long write(IoFile file, long offset, MemorySegment src) {
    return await(queue().write(file, offset, src));
  }

  public long writev(IoFile file, long offset, MemorySegment... srcs) {
    return await(queue().writev(file, offset, srcs));
  }

  /** fdatasync ({@code dataOnly}) or fsync. */
  public void sync(IoFile file, boolean dataOnly) {
    await(queue().sync(file, dataOnly));
  }

  public long writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
    return await(queue().writeAndSync(file, offset, src, dataOnly));
  }

  /** The private queue's counters; empty before first use. */
  public IoQueueStats stats() {
    checkOwner();
    return queue == null ? new IoQueueStats(0, 0, 0, 0) : queue.stats();
  }

  private long await(Promise<Void> p) {
    try {
      return queue.await(p).getLong();
    } finally {
      if (p.isDone()) {
        p.release();
      }
    }
  }

  private IoQueue queue() {
    checkOwner();
    if (closed) {
      throw new IllegalStateException("SyncIo is closed");
    }
    if (queue == null) {
      queue = engine.open(new ThreadLoop(), SHARD_INDEX_NONE);
    }
    return queue;
  }

  private void checkOwner() {
    Thread me = Thread.currentThread();
    if (owner.get() != me && !owner.compareAndSet(null, me)) {
      throw new IllegalStateException("SyncIo is owned by thread " + owner.get().getName() + ", called from "
          + me.getName());
    }
  }

  /** Closes the private queue. Owner thread. */
  @Override
  public void close() {
    if (owner.get() == null || closed) {
      closed = true;
      return;
    }
    checkOwner();
    closed = true;
    if (queue != null) {
      queue.close();
    }
  }
}
