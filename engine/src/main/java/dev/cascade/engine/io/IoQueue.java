package dev.cascade.engine.io;

import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Reactor;
import dev.cascade.engine.runtime.Shard;
import java.lang.foreign.MemorySegment;

/**
 * One shard's asynchronous I/O: operations return a {@link Promise} of the owner's loop that completes on the
 * owner's thread, during {@link #poll()} or {@link #sleep(long)} (or at once, for synchronous engines). The
 * promise's {@link Promise#getLong()} is the number of bytes transferred; a failure is a
 * {@code StorageIoException}.
 *
 * <p>Reads may be short only at end of file (0 at or past it). Writes are complete or fail: an engine that
 * gets a short write from the kernel resubmits the rest. A buffer must stay valid and untouched until its
 * operation completes. For {@link OpenFlag#DIRECT} files, offsets, lengths and buffer addresses are multiples
 * of {@link IoEngine#ALIGNMENT_BYTES}. Arguments are checked alike by every engine ({@link TransferChecks}).
 *
 * <p>Thread ownership: owned by the thread that created it; only {@link #wake()} is thread-safe.
 */
public interface IoQueue extends Reactor {
  /** Most buffers in one {@link #writev}, in every engine. */
  int WRITEV_BUFFERS_MAX = 64;

  /** Largest transfer of one operation in bytes, in every engine (the kernel caps one just under 2 GiB). */
  long TRANSFER_BYTES_MAX = 1L << 30;

  IoEngineKind kind();

  /** Reads up to {@code dst.byteSize()} bytes at {@code offset}. */
  Promise<Void> read(IoFile file, long offset, MemorySegment dst);

  /** Writes all of {@code src} at {@code offset}. */
  Promise<Void> write(IoFile file, long offset, MemorySegment src);

  /** Writes the buffers back to back starting at {@code offset}, as one vectored operation. */
  Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs);

  /** fdatasync ({@code dataOnly}) or fsync. Completes with 0 bytes. */
  Promise<Void> sync(IoFile file, boolean dataOnly);

  /**
   * Writes {@code src} at {@code offset}, then syncs the file, as one linked submission on io_uring. Completes
   * with the bytes written once both are done; fails if either fails.
   */
  Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly);

  IoQueueStats stats();

  /**
   * The I/O queue of {@code shard}: its reactor, when the runtime was started with an {@link IoEngine} as its
   * reactor factory. Called by tasks on the shard's own thread.
   *
   * @throws IllegalStateException if the shard's reactor is not an I/O queue
   */
  static IoQueue of(Shard shard) {
    if (shard.reactor() instanceof IoQueue q) {
      return q;
    }
    throw new IllegalStateException("shard " + shard.index() + " has no I/O queue: its reactor is "
        + shard.reactor().getClass().getSimpleName()
        + "; start the runtime with an IoEngine as RuntimeOptions.reactorFactory");
  }

  /** Longest single {@link #sleep(long)} of {@link #await(Promise)}: a bound in case an engine misses a wake. */
  long AWAIT_SLEEP_NANOS_MAX = 10_000_000L;

  /**
   * Drives this queue ({@link #poll()}, then {@link #sleep(long)}) on the owner thread until {@code p} is done,
   * and returns it. For owners with nothing else to run (tools, tests, benchmarks, {@link SyncIo}); a shard never
   * blocks like this: its tasks {@link Promise#await(dev.cascade.engine.runtime.Task) await} instead.
   */
  default <T> Promise<T> await(Promise<T> p) {
    while (!p.isDone()) {
      if (poll() == 0 && !p.isDone()) {
        sleep(AWAIT_SLEEP_NANOS_MAX);
      }
    }
    return p;
  }
}
