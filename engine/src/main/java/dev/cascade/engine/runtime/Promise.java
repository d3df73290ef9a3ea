package dev.cascade.engine.runtime;

import dev.cascade.engine.CascadeException;
import java.util.ArrayList;

/**
 * The result of an operation that completes later, on one {@link EventLoop}'s thread. Unlike
 * {@code CompletableFuture} it is single-threaded: no volatile fields, no CAS, no locks. Everything happens on
 * the owning loop's thread, including completion: a result from another thread (another shard, an I/O
 * completion queue) is routed to the owner first and completed there.
 *
 * <p>A promise carries an object value, a primitive {@code long} value (I/O promises report their byte count
 * there without boxing), or a failure. Tasks wait on it with {@link #await(Task)}; other code registers a
 * {@link Listener}. Waiters and listeners run in registration order when the promise completes.
 *
 * <p>Promises may be pooled (see {@link PromisePool}): whoever consumes the result calls {@link #release()}
 * after reading it, and must not touch the promise afterwards. Releasing is optional; an unreleased promise is
 * simply garbage collected.
 *
 * <p>Thread ownership: owned by its loop's thread.
 */
public final class Promise<T> {
  /** Called when a promise completes, on the owning loop's thread. */
  @FunctionalInterface
  public interface Listener<T> {
    void onComplete(Promise<T> promise);
  }

  private static final byte PENDING = 0;
  private static final byte SUCCEEDED = 1;
  private static final byte FAILED = 2;

  private final EventLoop loop;
  private final PromisePool pool;
  private byte state;
  private T value;
  private long longValue;
  private Throwable failure;
  /** Null, a single {@link Task} or {@link Listener}, or an {@code ArrayList} of them. */
  private Object waiters;

  /** A promise that is not pooled. */
  public Promise(EventLoop loop) {
    this(loop, null);
  }

  Promise(EventLoop loop, PromisePool pool) {
    this.loop = loop;
    this.pool = pool;
  }

  /** A promise of {@code loop} that has already succeeded with {@code value}. */
  public static <T> Promise<T> completed(EventLoop loop, T value) {
    Promise<T> p = new Promise<>(loop);
    p.complete(value);
    return p;
  }

  /** A promise of {@code loop} that has already failed with {@code failure}. */
  public static <T> Promise<T> failed(EventLoop loop, Throwable failure) {
    Promise<T> p = new Promise<>(loop);
    p.fail(failure);
    return p;
  }

  public EventLoop loop() {
    return loop;
  }

  public boolean isDone() {
    return state != PENDING;
  }

  public boolean isFailed() {
    return state == FAILED;
  }

  /**
   * The value of a succeeded promise. A failed promise rethrows its failure (checked exceptions wrapped in a
   * {@link CascadeException}); a pending one throws {@link IllegalStateException}.
   */
  public T get() {
    checkSucceeded();
    return value;
  }

  /** The primitive value of a succeeded promise, with the same rules as {@link #get()}. */
  public long getLong() {
    checkSucceeded();
    return longValue;
  }

  /** The failure of a failed promise, or null. */
  public Throwable failure() {
    return failure;
  }

  public void complete(T result) {
    begin();
    this.value = result;
    this.state = SUCCEEDED;
    fire();
  }

  public void completeLong(long result) {
    begin();
    this.longValue = result;
    this.state = SUCCEEDED;
    fire();
  }

  public void fail(Throwable cause) {
    if (cause == null) {
      throw new NullPointerException("failure");
    }
    begin();
    this.failure = cause;
    this.state = FAILED;
    fire();
  }

  /**
   * Registers {@code task} to be resumed on this promise's loop when it completes, and returns the status the
   * task should return: {@link Task.Status#WAIT}, or {@link Task.Status#YIELD} if the promise is already done
   * (the task is then simply run again).
   */
  public Task.Status await(Task task) {
    if (state != PENDING) {
      return Task.Status.YIELD;
    }
    addWaiter(task);
    return Task.Status.WAIT;
  }

  /** Calls {@code listener} when this promise completes; at once if it already has. */
  public void onComplete(Listener<T> listener) {
    if (state != PENDING) {
      listener.onComplete(this);
    } else {
      addWaiter(listener);
    }
  }

  /**
   * Returns this promise to its pool, if it has one. The caller must be the only holder and must not use the
   * promise again. Releasing a pending promise, or one with waiters still registered, is a bug.
   */
  public void release() {
    if (state == PENDING || waiters != null) {
      throw new IllegalStateException("release of a pending promise");
    }
    if (pool != null) {
      value = null;
      failure = null;
      longValue = 0;
      state = PENDING;
      pool.put(this);
    }
  }

  /**
   * A promise that completes when every one of {@code parts} has completed: with null if all succeeded, else
   * with the first failure in argument order. It waits for all parts even after a failure, so that no part is
   * still running when the join returns.
   */
  public static Promise<Void> all(EventLoop loop, Promise<?>... parts) {
    Promise<Void> joined = new Promise<>(loop);
    if (parts.length == 0) {
      joined.complete(null);
      return joined;
    }
    new Join(joined, parts).start();
    return joined;
  }

  private void checkSucceeded() {
    if (state == SUCCEEDED) {
      return;
    }
    if (state == PENDING) {
      throw new IllegalStateException("promise is not complete");
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    throw new CascadeException(String.valueOf(failure.getMessage()), failure);
  }

  private void begin() {
    if (state != PENDING) {
      throw new IllegalStateException("promise completed twice");
    }
    assert loop == null || loop.inLoop() : "promise completed off its loop's thread";
  }

  private void addWaiter(Object waiter) {
    if (waiters == null) {
      waiters = waiter;
    } else if (waiters instanceof ArrayList<?> list) {
      @SuppressWarnings("unchecked")
      ArrayList<Object> objects = (ArrayList<Object>) list;
      objects.add(waiter);
    } else {
      ArrayList<Object> list = new ArrayList<>(4);
      list.add(waiters);
      list.add(waiter);
      waiters = list;
    }
  }

  private void fire() {
    Object w = waiters;
    if (w == null) {
      return;
    }
    waiters = null;
    if (w instanceof ArrayList<?> list) {
      for (Object o : list) {
        notify(o);
      }
    } else {
      notify(w);
    }
  }

  @SuppressWarnings("unchecked")
  private void notify(Object waiter) {
    if (waiter instanceof Task task) {
      loop.resume(task);
    } else {
      ((Listener<T>) waiter).onComplete(this);
    }
  }

  @Override
  public String toString() {
    return switch (state) {
      case PENDING -> "Promise[pending]";
      case SUCCEEDED -> "Promise[" + (value != null ? value : longValue) + "]";
      default -> "Promise[failed: " + failure + "]";
    };
  }

  /** Counts the parts of {@link #all} down; owned by the loop's thread. */
  private static final class Join implements Listener<Object> {
    private final Promise<Void> joined;
    private final Promise<?>[] parts;
    private int remaining;

    Join(Promise<Void> joined, Promise<?>[] parts) {
      this.joined = joined;
      this.parts = parts;
      this.remaining = parts.length;
    }

    @SuppressWarnings("unchecked")
    void start() {
      for (Promise<?> p : parts) {
        ((Promise<Object>) p).onComplete(this);
      }
    }

    @Override
    public void onComplete(Promise<Object> promise) {
      if (--remaining > 0) {
        return;
      }
      for (Promise<?> p : parts) {
        if (p.isFailed()) {
          joined.fail(p.failure());
          return;
        }
      }
      joined.complete(null);
    }
  }
}
