package dev.cascade.engine.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The default {@link Reactor}, with no I/O of its own: {@link #sleep(long)} parks the shard's thread and
 * {@link #wake()} unparks it. A wake is a permit: one that arrives before {@code sleep} makes the next sleep
 * return at once, so the shard's "announce sleep, re-check inbox, sleep" sequence never loses a wake-up.
 *
 * <p>The permit is an explicit flag rather than {@code LockSupport}'s own, because the thread's park permit is
 * shared with anything else on the thread that parks, and parks return spuriously.
 *
 * <p>Thread ownership: owned by the thread that created it (the shard's); {@link #wake()} is thread-safe.
 */
public final class ParkingReactor implements Reactor {
  /** Opens a parking reactor for any shard; thread-safe. */
  public static final ReactorFactory FACTORY =
      new ReactorFactory() {
        @Override
        public Reactor open(EventLoop loop, int shardIndex) {
          return new ParkingReactor();
        }

        @Override
        public String toString() {
          return "ParkingReactor";
        }
      };

  private final Thread owner = Thread.currentThread();
  private final AtomicBoolean woken = new AtomicBoolean();

  @Override
  public int poll() {
    return 0;
  }

  @Override
  public void sleep(long timeoutNanos) {
    if (woken.getAndSet(false)) {
      return;
    }
    // Count the remaining time down rather than computing a deadline: a "forever" timeout would overflow it.
    long remaining = timeoutNanos;
    while (remaining > 0) {
      long start = System.nanoTime();
      LockSupport.parkNanos(this, remaining);
      if (woken.getAndSet(false)) {
        return;
      }
      remaining -= System.nanoTime() - start;
    }
  }

  @Override
  public void wake() {
    // A set flag means an unpark is already on its way (the setter unparks after setting): skip the syscall.
    if (!woken.get() && !woken.getAndSet(true)) {
      LockSupport.unpark(owner);
    }
  }

  @Override
  public int inFlight() {
    return 0;
  }

  @Override
  public void close() {}
}
