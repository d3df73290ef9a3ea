package dev.cascade.engine.runtime;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * A token bucket that limits one shard's background I/O (flush, compaction) to a number of bytes per second.
 * It holds up to {@link #BURST_NANOS} worth of tokens; a request larger than that is granted when the bucket is
 * full and leaves it in debt, so that any request size makes progress at the configured average rate.
 *
 * <p>It has no thread of its own: time comes from the shard's clock, and waiters of {@link #acquire(long)} are
 * completed by {@link #poll()}, which the shard calls between tasks; an idle shard sleeps at most until
 * {@link #nanosUntilReady()}. Waiters are served in arrival order, and {@link #tryAcquire(long)} does not jump
 * the queue.
 *
 * <p>Thread ownership: owned by its shard.
 */
public final class IoBudget {
  /** The bucket holds this much time's worth of tokens. */
  public static final long BURST_NANOS = 100_000_000L;

  /** The largest single request. */
  public static final long REQUEST_BYTES_MAX = 1L << 40;

  private static final double NANOS_PER_SECOND = 1e9;

  private final EventLoop loop;
  private final long bytesPerSecond;
  private final double burstBytes;
  private final LongSupplier clockNanos;
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private double tokens;
  private long refilledAtNanos;

  private record Waiter(long bytes, Promise<Void> promise) {}

  /**
   * @param loop the loop whose promises {@link #acquire(long)} returns
   * @param bytesPerSecond the rate; 0 means unlimited
   * @param clockNanos the shard's clock (tests pass a manual one)
   */
  public IoBudget(EventLoop loop, long bytesPerSecond, LongSupplier clockNanos) {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must be >= 0 (0 = unlimited): " + bytesPerSecond);
    }
    this.loop = loop;
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = Math.max(1, bytesPerSecond * (BURST_NANOS / NANOS_PER_SECOND));
    this.clockNanos = clockNanos;
    this.tokens = burstBytes;
    this.refilledAtNanos = clockNanos.getAsLong();
  }

  public boolean unlimited() {
    return bytesPerSecond == 0;
  }

  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** Takes {@code bytes} tokens if they are available now and nobody is queued before this caller. */
  public boolean tryAcquire(long bytes) {
    checkBytes(bytes);
    if (unlimited()) {
      return true;
    }
    if (!waiters.isEmpty()) {
      return false;
    }
    refill();
    return take(bytes);
  }

  /** A promise that completes once {@code bytes} tokens have been taken for the caller. */
  public Promise<Void> acquire(long bytes) {
    if (tryAcquire(bytes)) {
      return Promise.completed(loop, null);
    }
    Promise<Void> p = new Promise<>(loop);
    waiters.add(new Waiter(bytes, p));
    return p;
  }

  /** Completes the waiters whose tokens are now available; returns how many. */
  public int poll() {
    if (waiters.isEmpty()) {
      return 0;
    }
    refill();
    int n = 0;
    while (!waiters.isEmpty() && take(waiters.peek().bytes())) {
      waiters.poll().promise().complete(null);
      n++;
    }
    return n;
  }

  /** Nanoseconds until the first waiter can be served (0 if now), or {@code Long.MAX_VALUE} with no waiters. */
  public long nanosUntilReady() {
    Waiter w = waiters.peek();
    if (w == null) {
      return Long.MAX_VALUE;
    }
    refill();
    double missing = need(w.bytes()) - tokens;
    return missing <= 0 ? 0 : (long) Math.ceil(missing * NANOS_PER_SECOND / bytesPerSecond);
  }

  /** Requests waiting for tokens. */
  public int waiting() {
    return waiters.size();
  }

  /** Fails every waiter; the shard calls this when it stops. */
  void failAll(Throwable cause) {
    while (!waiters.isEmpty()) {
      waiters.poll().promise().fail(cause);
    }
  }

  private static void checkBytes(long bytes) {
    if (bytes <= 0 || bytes > REQUEST_BYTES_MAX) {
      throw new IllegalArgumentException(
          "I/O budget request must be between 1 and REQUEST_BYTES_MAX " + REQUEST_BYTES_MAX + " bytes: " + bytes);
    }
  }

  private double need(long bytes) {
    return Math.min(bytes, burstBytes);
  }

  private boolean take(long bytes) {
    if (tokens < need(bytes)) {
      return false;
    }
    tokens -= bytes;
    return true;
  }

  private void refill() {
    long now = clockNanos.getAsLong();
    long elapsed = now - refilledAtNanos;
    if (elapsed > 0) {
      tokens = Math.min(burstBytes, tokens + elapsed * (bytesPerSecond / NANOS_PER_SECOND));
      refilledAtNanos = now;
    }
  }

  @Override
  public String toString() {
    return unlimited()
        ? "IoBudget[unlimited]"
        : "IoBudget[" + bytesPerSecond + " B/s, tokens=" + (long) tokens + ", waiting=" + waiters.size() + "]";
  }
}
