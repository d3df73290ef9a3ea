package dev.cascade.engine.runtime;

/**
 * The source of a shard's events other than its inbox: I/O completions. A shard calls {@link #poll()} between
 * tasks and {@link #sleep(long)} when it has nothing to run; another thread that gives the shard work calls
 * {@link #wake()}. The io_uring engine sleeps in {@code io_uring_enter} and is woken by an eventfd; the
 * default {@link ParkingReactor} parks the thread.
 *
 * <p>Thread ownership: owned by its shard's thread, which created it; only {@link #wake()} is thread-safe.
 */
public interface Reactor extends AutoCloseable {
  /**
   * Submits queued operations and runs the completions that are ready, without blocking. Completions
   * complete their promises on this thread.
   *
   * @return the number of completions processed
   */
  int poll();

  /**
   * Blocks until a completion arrives, {@link #wake()} is called, or {@code timeoutNanos} pass, then
   * processes ready completions as {@link #poll()} does. Returns at once if {@code wake()} was called since the
   * last return from {@code sleep} (a wake is never lost).
   */
  void sleep(long timeoutNanos);

  /** Ends a current or the next {@link #sleep(long)}. Any thread; cheap when repeated. */
  void wake();

  /** Operations submitted and not yet completed. */
  int inFlight();

  /** Releases the reactor's resources. Owner thread, after every operation has completed. */
  @Override
  void close();
}
