package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Shared helpers of the runtime tests. Thread-safe (static, stateless). */
final class Fixtures {
  /**
   * How long a test waits for something that should happen before it calls it a hang. A hang detector, not a
   * performance assertion: it only fires when a wake-up was lost or work starved outright.
   */
  static final long HANG_SECONDS = 30;

  private Fixtures() {}

  /** The test seed: {@code -Dseed=N} or a fresh one, printed so that a failure can be replayed. */
  static long seed(String test) {
    String s = System.getProperty("seed");
    long seed = s != null && !s.isEmpty() ? Long.parseLong(s) : System.nanoTime();
    System.out.println(test + " seed=" + seed + " (rerun with -Dseed=" + seed + ")");
    return seed;
  }

  /** Records what reaches an error hook, with the name of the thread it ran on. */
  static final class ErrorLog {
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    final List<Integer> shards = new CopyOnWriteArrayList<>();

    void accept(Shard shard, Throwable t) {
      errors.add(t);
      threads.add(Thread.currentThread().getName());
      shards.add(shard.index());
    }

    void assertNone() {
      if (!errors.isEmpty()) {
        AssertionError e = new AssertionError("unexpected errors reached the error hook: " + errors);
        errors.forEach(e::addSuppressed);
        throw e;
      }
    }
  }

  static RuntimeOptions options(int shards, ErrorLog log) {
    return RuntimeOptions.defaults()
        .withShardCount(shards)
        .withSpinNanos(20_000)
        .withErrorHook(log::accept);
  }

  static <T> T get(CompletableFuture<T> f) {
    try {
      return f.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + HANG_SECONDS + " s: hang (lost wake-up or starvation?)", e);
    } catch (ExecutionException e) {
      throw new AssertionError("task failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The failure of a future that must fail. */
  static Throwable failure(CompletableFuture<?> f) {
    try {
      f.get(HANG_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("future neither completed nor failed: hang", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return fail("future succeeded but should have failed");
  }

  static void waitUntil(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("not true within " + HANG_SECONDS + " s: " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }

  /**
   * Holds {@code shard}'s thread with a task that blocks until {@code release} opens (tests only: real tasks
   * never block), so that what is submitted next stays queued. Returns once the task is running.
   */
  static CompletableFuture<Void> holdShard(ShardRuntime rt, int shard, CountDownLatch release) {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Void> holder = rt.submit(shard, s -> {
      running.countDown();
      try {
        release.await(HANG_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
      return Task.Status.DONE;
    });
    waitUntil("the holding task runs on shard " + shard, () -> running.getCount() == 0);
    return holder;
  }
}
