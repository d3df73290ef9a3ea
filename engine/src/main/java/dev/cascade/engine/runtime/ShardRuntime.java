package dev.cascade.engine.runtime;

import dev.cascade.engine.CascadeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The thread-per-core runtime: N {@link Shard}s, one platform thread each ({@code cascade-shard-N}), and the
 * entry points for threads outside it. Outside threads submit tasks into a shard's lock-free inbox and get a
 * {@code CompletableFuture} (completed on the shard's thread, so dependent stages that do not say otherwise
 * run there and must not block), or block in {@link #call}. Tasks on a shard use the shard's own API instead
 * ({@link Shard#fork}, {@link Shard#call}, {@link Shard#send}).
 *
 * <p>{@link #close()} stops accepting work (later submissions throw "runtime is closed"), fails every task that
 * has not finished with the same error, and joins the threads; it returns within about
 * {@link #CLOSE_TIMEOUT_NANOS} even if a task blocks its thread.
 *
 * <p>Thread-safe.
 */
public final class ShardRuntime implements AutoCloseable {
  /** Most tasks in one {@link #submitBatch} hand-off. */
  public static final int BATCH_TASKS_MAX = 4096;

  /** How long {@link #start} waits for the shards to open their reactors. */
  public static final long START_TIMEOUT_NANOS = 30_000_000_000L;

  /**
   * How long {@link #close()} waits for the shard threads to finish: longer than a shard's own drain of in-flight
   * I/O ({@code Shard.SHUTDOWN_DRAIN_NANOS}, 5 s) plus a reactor's close, which may wait for the kernel too
   * (io_uring: up to 11 s), so that a slow but healthy shutdown is never reported as a hung thread.
   */
  public static final long CLOSE_TIMEOUT_NANOS = 30_000_000_000L;

  private static final int CALL_SPIN_CHECK_INTERVAL = 32;
  private static final System.Logger LOG = System.getLogger(ShardRuntime.class.getName());

  private final RuntimeOptions options;
  private final Shard[] shards;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ShardRuntime(RuntimeOptions options) {
    this.options = options;
    this.shards = new Shard[options.shardCount()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(this, options, i);
    }
  }

  /** Starts a runtime: its threads are running and their reactors open when this returns. */
  public static ShardRuntime start(RuntimeOptions options) {
    ShardRuntime rt = new ShardRuntime(Objects.requireNonNull(options, "options"));
    CountDownLatch started = new CountDownLatch(rt.shards.length);
    for (Shard s : rt.shards) {
      s.start(started);
    }
    try {
      if (!started.await(START_TIMEOUT_NANOS, TimeUnit.NANOSECONDS)) {
        rt.close();
        throw new CascadeException("shards did not start within " + START_TIMEOUT_NANOS / 1_000_000 + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      rt.close();
      throw new CascadeException("interrupted while starting the shards", e);
    }
    for (Shard s : rt.shards) {
      if (s.startFailure() != null) {
        rt.close();
        throw new CascadeException("shard " + s.index() + " failed to start: " + s.startFailure(), s.startFailure());
      }
    }
    LOG.log(System.Logger.Level.DEBUG, "started " + options);
    return rt;
  }

  public RuntimeOptions options() {
    return options;
  }

  public int shardCount() {
    return shards.length;
  }

  /** Shard {@code index}; outside threads may only use its thread-safe methods (index, stats). */
  public Shard shard(int index) {
    if (index < 0 || index >= shards.length) {
      throw new IndexOutOfBoundsException("shard index must be between 0 and " + (shards.length - 1) + ": " + index);
    }
    return shards[index];
  }

  public boolean isClosed() {
    return closed.get();
  }

  /** The counters of every shard, in index order. */
  public List<ShardStats> stats() {
    List<ShardStats> all = new ArrayList<>(shards.length);
    for (Shard s : shards) {
      all.add(s.stats());
    }
    return all;
  }

  // ---------------------------------------------------------------- submission

  /** Runs a foreground task on shard {@code shard}; the future completes when it is DONE. */
  public CompletableFuture<Void> submit(int shard, Task task) {
    return submit(shard, TaskClass.FOREGROUND, task);
  }

  /** Runs a task of class {@code taskClass} on shard {@code shard}. */
  public CompletableFuture<Void> submit(int shard, TaskClass taskClass, Task task) {
    return push(shard, taskClass, task);
  }

  /** Runs a foreground value task; the future completes with its value. */
  public <T> CompletableFuture<T> submit(int shard, ValueTask<T> task) {
    return push(shard, TaskClass.FOREGROUND, task);
  }

  /** Runs a value task of class {@code taskClass}; the future completes with its value. */
  public <T> CompletableFuture<T> submit(int shard, TaskClass taskClass, ValueTask<T> task) {
    return push(shard, taskClass, task);
  }

  /** Runs {@code body} once on shard {@code shard}, as a foreground task, and completes with its result. */
  public <T> CompletableFuture<T> supply(int shard, Function<? super Shard, ? extends T> body) {
    return push(shard, TaskClass.FOREGROUND, ValueTask.of(body));
  }

  /**
   * Runs a value task and waits for its value. The task's exception is rethrown as is when unchecked, wrapped
   * in a {@link CascadeException} when checked. Must not be called on a shard's thread (a shard never blocks).
   */
  public <T> T call(int shard, ValueTask<T> task) {
    checkNotShardThread("call");
    CompletableFuture<T> f = submit(shard, task);
    spinUntilDone(f);
    return await(shard, f);
  }

  /**
   * Spins up to {@link RuntimeOptions#spinNanos()} for the result before {@code get()} parks: a short task on
   * an awake shard answers within a few microseconds, and parking would add a thread wake-up (tens of
   * microseconds) to the return trip, the caller's half of the hand-off problem.
   */
  private void spinUntilDone(CompletableFuture<?> f) {
    long budget = options.spinNanos();
    if (budget == 0) {
      return;
    }
    long start = System.nanoTime();
    for (int i = 1; !f.isDone(); i++) {
      if ((i & (CALL_SPIN_CHECK_INTERVAL - 1)) == 0 && System.nanoTime() - start >= budget) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Like {@link #call(int, ValueTask)}, but when the shard is asleep with no I/O in flight the calling thread
   * runs the task itself, as the shard's owner for that run (ownership passes by a CAS on the shard's state,
   * so the shard's state is still touched by one thread at a time), and saves the two thread wake-ups of a
   * hand-off. Otherwise it is a normal call. Opt-in, for short tasks that touch only shard memory (memtable
   * reads, cache hits): a task run this way may not use {@link Shard#reactor()} (it throws), and if it yields
   * or waits, the shard's own thread finishes it.
   */
  public <T> T callDirect(int shard, ValueTask<T> task) {
    Objects.requireNonNull(task, "task");
    checkNotShardThread("callDirect");
    Shard target = shard(shard);
    checkOpen();
    CompletableFuture<T> f = new CompletableFuture<>();
    Job job = new Job(task, TaskClass.FOREGROUND, f, null);
    // Another caller borrowing the shard hands it back within microseconds: wait for it briefly rather than
    // wake the shard's thread.
    for (int spin = 0; !target.tryRunBorrowed(job); spin++) {
      if (spin >= CALL_DIRECT_SPINS_MAX || !target.isBorrowedByAnotherThread()) {
        return call(shard, task);
      }
      Thread.onSpinWait();
    }
    spinUntilDone(f);
    return await(shard, f);
  }

  /** How many spins {@link #callDirect} waits for a shard that another thread is borrowing (a few µs). */
  static final int CALL_DIRECT_SPINS_MAX = 2_000;

  /** Runs {@code body} once on shard {@code shard} and waits for its result, like {@link #call(int, ValueTask)}. */
  public <T> T call(int shard, Function<? super Shard, ? extends T> body) {
    return call(shard, ValueTask.of(body));
  }

  /**
   * Hands {@code tasks} to shard {@code shard} in one inbox push with at most one wake-up. They run in list
   * order within their class. Each future completes with its task's value (null for a plain task).
   */
  public List<CompletableFuture<Object>> submitBatch(int shard, TaskClass taskClass, List<? extends Task> tasks) {
    Objects.requireNonNull(taskClass, "taskClass");
    int n = tasks.size();
    if (n > BATCH_TASKS_MAX || n > options.inboxCapacity()) {
      throw new IllegalArgumentException("batch of " + n + " tasks exceeds BATCH_TASKS_MAX " + BATCH_TASKS_MAX
          + " or RuntimeOptions.inboxCapacity " + options.inboxCapacity());
    }
    Shard target = shard(shard);
    checkOpen();
    if (n == 0) {
      return List.of();
    }
    Job[] jobs = new Job[n];
    List<CompletableFuture<Object>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      jobs[i] = new Job(Objects.requireNonNull(tasks.get(i), "task"), taskClass, f, null);
      futures.add(f);
    }
    target.pushExternal(new Message.Batch(jobs), n);
    return Collections.unmodifiableList(futures);
  }

  private <T> CompletableFuture<T> push(int shard, TaskClass taskClass, Task task) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(taskClass, "taskClass");
    Shard target = shard(shard);
    checkOpen();
    CompletableFuture<T> f = new CompletableFuture<>();
    target.pushExternal(new Job(task, taskClass, f, null), 1);
    return f;
  }

  private static <T> T await(int shard, CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new CascadeException("task on shard " + shard + " failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CascadeException("interrupted while waiting for shard " + shard, e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw closedException("no new tasks are accepted");
    }
  }

  /** True when the calling thread owns one of this runtime's shards. */
  boolean onShardThread() {
    for (Shard s : shards) {
      if (s.inLoop()) {
        return true;
      }
    }
    return false;
  }

  private void checkNotShardThread(String what) {
    for (Shard s : shards) {
      if (s.inLoop()) {
        throw new IllegalStateException(what + "() would block shard " + s.index()
            + "'s thread; on a shard use Shard.call or Shard.fork, which return promises");
      }
    }
  }

  /** The error every refused or cancelled task gets once the runtime closes. */
  static CascadeException closedException(String detail) {
    return new CascadeException("runtime is closed: " + detail);
  }

  // ---------------------------------------------------------------- shutdown

  /**
   * Stops the runtime: new submissions fail at once, every task that has not finished fails with "runtime is
   * closed", reactors are closed on their own threads and the threads are joined (for at most
   * {@link #CLOSE_TIMEOUT_NANOS}; a thread held by a blocking task is left behind with a warning). Idempotent.
   */
  @Override
  public void close() {
    checkNotShardThread("close");
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Shard s : shards) {
      s.requestStop();
    }
    long deadline = System.nanoTime() + CLOSE_TIMEOUT_NANOS;
    for (Shard s : shards) {
      joinShard(s, deadline);
    }
  }

  private static void joinShard(Shard s, long deadline) {
    Thread t = s.thread();
    try {
      long remaining = deadline - System.nanoTime();
      if (remaining > 0) {
        t.join(remaining / 1_000_000 + 1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.log(System.Logger.Level.WARNING, "shard " + s.index() + " did not stop within "
          + CLOSE_TIMEOUT_NANOS / 1_000_000 + " ms; a task may be blocking its thread");
    }
  }

  @Override
  public String toString() {
    return "ShardRuntime[" + shards.length + " shards" + (closed.get() ? ", closed]" : "]");
  }
}
