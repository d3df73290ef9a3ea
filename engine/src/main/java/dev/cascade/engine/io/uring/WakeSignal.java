package dev.cascade.engine.io.uring;

import dev.cascade.engine.StorageIoException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eventfd that wakes a sleeping {@link UringQueue}. The queue keeps an io_uring read of this eventfd armed
 * at all times, so a {@link #wake()} from any thread completes that read and ends an {@code io_uring_enter}
 * that waits for completions. The eventfd's counter keeps a wake that comes before the sleep: the next read
 * completes at once.
 *
 * <p>Repeated wakes are cheap: {@code pending} records that a write has been made and not yet consumed, so
 * only the first wake after each consumption calls {@code write(2)}; the rest are one volatile read.
 *
 * <p>Closing races with wakers from other threads: a waker registers in {@code writers} before it checks
 * {@code closed}, and {@link #close()} sets {@code closed} before it waits for {@code writers} to drain, so no
 * write ever reaches a closed (and possibly reused) descriptor number.
 *
 * <p>Thread ownership: thread-safe; {@link #consumed()} and {@link #close()} are for the owning queue's thread.
 */
final class WakeSignal {
  /** The 8-byte value 1 that every wake writes; shared, never modified after creation. */
  private static final MemorySegment ONE = Arena.global().allocate(ValueLayout.JAVA_LONG);
  /** Errno capture for wake writes, whose failures are ignored; concurrent writes to it are harmless. */
  private static final MemorySegment IGNORED_ERRNO = Libc.allocateErrnoState(Arena.global());

  static {
    ONE.set(ValueLayout.JAVA_LONG, 0, 1L);
  }

  private final int eventFd;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicInteger writers = new AtomicInteger();
  private volatile boolean closed;

  private WakeSignal(int eventFd) {
    this.eventFd = eventFd;
  }

  /** A new blocking, close-on-exec eventfd (blocking, so that io_uring polls it rather than failing EAGAIN). */
  static WakeSignal create(MemorySegment errnoState) {
    int fd = Libc.eventfd(errnoState, 0, Libc.EFD_CLOEXEC);
    if (fd < 0) {
      throw new StorageIoException(null, "eventfd", -fd, "creating the wake-up eventfd of an io_uring queue");
    }
    return new WakeSignal(fd);
  }

  int fd() {
    return eventFd;
  }

  /** Makes the armed eventfd read complete, now or as soon as it is armed. Any thread. */
  void wake() {
    if (pending.get() || !pending.compareAndSet(false, true)) {
      return;
    }
    writers.incrementAndGet();
    try {
      if (!closed) {
        // Cannot fail short of counter overflow, which one write per consumption rules out.
        Libc.write(IGNORED_ERRNO, eventFd, ONE, Long.BYTES);
      }
    } finally {
      writers.decrementAndGet();
    }
  }

  /** The armed read completed: the next wake must write again. Owner thread. */
  void consumed() {
    pending.set(false);
  }

  /** Stops wakes and closes the eventfd once no waker is inside {@code write(2)}. Owner thread. */
  void close(MemorySegment errnoState) {
    closed = true;
    pending.set(true);
    while (writers.get() != 0) {
      Thread.onSpinWait();
    }
    Libc.close(errnoState, eventFd);
  }
}
