package dev.cascade.engine.runtime;

import static dev.cascade.engine.runtime.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Submission from threads outside the runtime: futures, blocking calls, batches, ordering, backpressure. */
class OutsideSubmissionTest extends RuntimeTestBase {
  /** Per-shard state, touched only on its shard's thread. */
  private static final class Log {
    final List<Integer> seen = new ArrayList<>();
  }

  @Test
  void fifoWithinAClassFromOneSubmitter() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    Log fg = new Log();
    Log bg = new Log();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      int n = i;
      all.add(rt.submit(0, s -> { fg.seen.add(n); return Task.Status.DONE; }));
      all.add(rt.submit(0, TaskClass.BACKGROUND, s -> { bg.seen.add(n); return Task.Status.DONE; }));
    }
    all.forEach(Fixtures::get);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      expected.add(i);
    }
    assertEquals(expected, rt.call(0, s -> List.copyOf(fg.seen)));
    assertEquals(expected, rt.call(0, s -> List.copyOf(bg.seen)));
  }

  @Test
  void manyOutsideSubmittersGetTheirOwnResults() throws Exception {
    long seed = Fixtures.seed("manyOutsideSubmitters");
    rt = ShardRuntime.start(Fixtures.options(4, errors));
    int threads = 8;
    int perThread = 2_000;
    List<CompletableFuture<Long>> checked = new ArrayList<>();
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom rnd = new SplittableRandom(seed + t);
      CompletableFuture<Long> done = new CompletableFuture<>();
      checked.add(done);
      submitters.add(Thread.ofPlatform().name("submitter-" + t).start(() -> {
        try {
          long ok = 0;
          List<CompletableFuture<Long>> futures = new ArrayList<>();
          List<Long> expected = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            int shard = rnd.nextInt(4);
            long x = rnd.nextLong();
            expected.add(x * 3 + shard);
            if (i % 10 == 0) {
              futures.add(CompletableFuture.completedFuture(rt.call(shard, s -> x * 3 + s.index())));
            } else {
              futures.add(rt.supply(shard, s -> x * 3 + s.index()));
            }
          }
          for (int i = 0; i < perThread; i++) {
            assertEquals(expected.get(i), get(futures.get(i)));
            ok++;
          }
          done.complete(ok);
        } catch (Throwable e) {
          done.completeExceptionally(e);
        }
      }));
    }
    for (CompletableFuture<Long> c : checked) {
      assertEquals(perThread, get(c));
    }
    for (Thread t : submitters) {
      t.join();
    }
  }

  @Test
  void tasksRunOnTheirNamedShardThread() {
    rt = ShardRuntime.start(Fixtures.options(3, errors));
    for (int i = 0; i < 3; i++) {
      assertEquals("cascade-shard-" + i, rt.call(i, s -> Thread.currentThread().getName()));
      assertEquals(i, rt.call(i, Shard::index));
    }
  }

  @Test
  void batchIsOneHandOffInOrder() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    get(rt.submit(0, s -> Task.Status.DONE)); // warm up; the shard may sleep now
    ShardStats before = rt.shard(0).stats();
    Log log = new Log();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      int n = i;
      tasks.add(ValueTask.of(s -> {
        log.seen.add(n);
        return n * 2;
      }));
    }
    List<CompletableFuture<Object>> futures = rt.submitBatch(0, TaskClass.FOREGROUND, tasks);
    for (int i = 0; i < 1_000; i++) {
      assertEquals(i * 2, get(futures.get(i)));
    }
    ShardStats after = rt.shard(0).stats();
    assertEquals(1, after.messages() - before.messages(), "a batch is one inbox message");
    assertTrue(after.wakeups() - before.wakeups() <= 1, "a batch wakes the shard at most once");
    for (int i = 1; i < log.seen.size(); i++) {
      assertEquals(log.seen.get(i - 1) + 1, log.seen.get(i));
    }
    List<Task> tooMany = new ArrayList<>();
    for (int i = 0; i <= ShardRuntime.BATCH_TASKS_MAX; i++) {
      tooMany.add(s -> Task.Status.DONE);
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> rt.submitBatch(0, TaskClass.FOREGROUND, tooMany));
    assertTrue(e.getMessage().contains("BATCH_TASKS_MAX 4096"), e.getMessage());
  }

  @Test
  void exceptionsReachTheFutureAndTheShardGoesOn() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    IllegalStateException boom = new IllegalStateException("boom");
    Throwable f = Fixtures.failure(rt.submit(0, s -> { throw boom; }));
    assertSame(boom, f);
    // The blocking call rethrows the task's own exception, not a wrapper.
    assertSame(boom, assertThrows(IllegalStateException.class, () -> rt.call(0, s -> { throw boom; })));
    CascadeException nullStatus =
        (CascadeException) Fixtures.failure(rt.submit(0, s -> null));
    assertTrue(nullStatus.getMessage().contains("null status"), nullStatus.getMessage());
    StackOverflowError soe = new StackOverflowError("deep");
    assertSame(soe, Fixtures.failure(rt.submit(0, s -> { throw soe; })));
    assertEquals(42, (int) rt.call(0, s -> 42));
  }

  @Test
  void blockingCallOnAShardThreadIsRefused() {
    rt = ShardRuntime.start(Fixtures.options(2, errors));
    Throwable f = Fixtures.failure(rt.supply(0, s -> rt.call(1, t -> 1)));
    assertTrue(f instanceof IllegalStateException && f.getMessage().contains("would block shard 0"), f.toString());
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> rt.submit(2, s -> Task.Status.DONE));
    assertTrue(e.getMessage().contains("between 0 and 1: 2"), e.getMessage());
  }

  @Test
  void fullInboxMakesOutsideSubmittersWait() throws Exception {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withInboxCapacity(16));
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocker = Fixtures.holdShard(rt, 0, release);
    CompletableFuture<List<CompletableFuture<Integer>>> submitted = new CompletableFuture<>();
    Thread submitter = Thread.ofPlatform().start(() -> {
      List<CompletableFuture<Integer>> fs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        fs.add(rt.supply(0, s -> n));
      }
      submitted.complete(fs);
    });
    Fixtures.waitUntil("submitter blocked on the full inbox", () -> submitter.getState() == Thread.State.TIMED_WAITING
        || submitter.getState() == Thread.State.WAITING);
    assertTrue(!submitted.isDone());
    release.countDown();
    get(blocker);
    List<CompletableFuture<Integer>> fs = get(submitted);
    for (int i = 0; i < 100; i++) {
      assertEquals(i, get(fs.get(i)));
    }
  }
}
