package dev.cascade.engine.runtime;

/**
 * A bounded free list of {@link Promise}s for one {@link EventLoop}, so that the hot path (an I/O per page
 * read, a reply per cross-shard call) allocates nothing once warm. Beyond {@code capacity} released promises
 * are left to the garbage collector.
 *
 * <p>Thread ownership: owned by its loop's thread.
 */
public final class PromisePool {
  private final EventLoop loop;
  private final Promise<?>[] free;
  private int size;

  public PromisePool(EventLoop loop, int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
    }
    this.loop = loop;
    this.free = new Promise<?>[capacity];
  }

  /** A pending promise of this pool's loop, reused when one is free. */
  @SuppressWarnings("unchecked")
  public <T> Promise<T> take() {
    if (size == 0) {
      return new Promise<>(loop, this);
    }
    Promise<?> p = free[--size];
    free[size] = null;
    return (Promise<T>) p;
  }

  /** Promises currently free for reuse. */
  public int freeCount() {
    return size;
  }

  void put(Promise<?> promise) {
    if (size < free.length) {
      free[size++] = promise;
    }
  }
}
