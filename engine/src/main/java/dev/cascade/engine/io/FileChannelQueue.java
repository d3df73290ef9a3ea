package dev.cascade.engine.io;

import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.ParkingReactor;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.PromisePool;
import java.lang.foreign.MemorySegment;

/**
 * The {@link IoQueue} of {@link FileChannelIoEngine}: every operation runs synchronously on the calling (owner)
 * thread and returns a promise that is already complete, so {@link #inFlight()} is always 0 and {@link #poll()}
 * finds nothing to do. Idling is park/unpark: {@link #sleep(long)} parks the owner, {@link #wake()} unparks it.
 *
 * <p>Thread ownership: owned by the thread that opened it (its loop's thread); only {@link #wake()} is
 * thread-safe. Misuse from another thread fails with {@link IllegalStateException}.
 */
final class FileChannelQueue implements IoQueue {
  /** Completed promises kept for reuse once their consumers release them. */
  static final int PROMISE_POOL_CAPACITY = 64;

  private final int shardIndex;
  private final Thread owner;
  private final PromisePool promises;
  /** Idling is exactly the runtime's parking reactor: a wake before a sleep is kept as a permit. */
  private final ParkingReactor idle = new ParkingReactor();
  private boolean closed;
  private long submitted;
  private long completed;
  private long sleeps;

  FileChannelQueue(EventLoop loop, int shardIndex) {
    this.shardIndex = shardIndex;
    this.owner = Thread.currentThread();
    this.promises = new PromisePool(loop, PROMISE_POOL_CAPACITY);
  }

  @Override
  public IoEngineKind kind() {
    return IoEngineKind.FILECHANNEL;
  }

  @Override
  public Promise<Void> read(IoFile file, long offset, MemorySegment dst) {
    FileChannelFile f = begin(file);
    TransferChecks.check(f, IoOp.READ.operationName(), offset, dst);
    return perform(() -> f.read(offset, dst));
  }

  @Override
  public Promise<Void> write(IoFile file, long offset, MemorySegment src) {
    return writev(file, offset, src);
  }

  @Override
  public Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs) {
    FileChannelFile f = begin(file);
    TransferChecks.check(f, IoOp.writeName(srcs.length), offset, srcs);
    return perform(() -> writeAll(f, offset, srcs));
  }

  @Override
  public Promise<Void> sync(IoFile file, boolean dataOnly) {
    FileChannelFile f = begin(file);
    return perform(() -> {
      f.sync(dataOnly);
      return 0;
    });
  }

  @Override
  public Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
    FileChannelFile f = begin(file);
    TransferChecks.check(f, IoOp.writeName(1), offset, src);
    return perform(() -> {
      long n = f.write(offset, src, IoOp.writeName(1));
      f.sync(dataOnly);
      return n;
    });
  }

  /** One synchronous operation: its byte count, or the failure that it threw. */
  @FunctionalInterface
  private interface Operation {
    long run();
  }

  /**
   * Runs {@code op} now and returns its promise, already complete. The promise is completed outside the
   * try block so that an exception from a listener is never mistaken for the operation's failure.
   */
  private Promise<Void> perform(Operation op) {
    submitted++;
    Promise<Void> p = promises.take();
    long bytes = 0;
    StorageIoException failure = null;
    try {
      bytes = op.run();
    } catch (StorageIoException e) {
      failure = e;
    }
    completed++;
    if (failure != null) {
      p.fail(failure);
    } else {
      p.completeLong(bytes);
    }
    return p;
  }

  /** FileChannel has no positional gather write, so the buffers go out one after another. */
  private static long writeAll(FileChannelFile f, long offset, MemorySegment[] srcs) {
    String op = IoOp.writeName(srcs.length);
    long total = 0;
    for (MemorySegment src : srcs) {
      total += f.write(offset + total, src, op);
    }
    return total;
  }

  /** Common checks of every operation: owner thread, open queue, our handle. */
  private FileChannelFile begin(IoFile file) {
    checkOwner();
    return FileChannelIoEngine.unwrap(file);
  }

  private void checkOwner() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("IoQueue of shard " + shardIndex + " is owned by thread " + owner.getName()
          + ", called from " + Thread.currentThread().getName());
    }
    if (closed) {
      throw new IllegalStateException("IoQueue of shard " + shardIndex + " is closed");
    }
  }

  @Override
  public int poll() {
    checkOwner();
    return 0;
  }

  @Override
  public void sleep(long timeoutNanos) {
    checkOwner();
    sleeps++;
    idle.sleep(timeoutNanos);
  }

  @Override
  public void wake() {
    idle.wake();
  }

  @Override
  public int inFlight() {
    return 0;
  }

  @Override
  public IoQueueStats stats() {
    return new IoQueueStats(submitted, completed, 0, sleeps);
  }

  @Override
  public void close() {
    checkOwner();
    closed = true;
  }

  @Override
  public String toString() {
    return "FileChannelQueue[shard " + shardIndex + ", owner " + owner.getName() + "]";
  }
}
