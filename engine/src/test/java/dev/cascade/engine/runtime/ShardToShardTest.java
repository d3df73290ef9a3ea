package dev.cascade.engine.runtime;

import static dev.cascade.engine.runtime.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work submitted by tasks: fork-join on one shard, WAIT and NOWAIT between shards. */
class ShardToShardTest {
  private final Fixtures.ErrorLog errors = new Fixtures.ErrorLog();
  private ShardRuntime rt;

  @AfterEach
  void close() {
    if (rt != null) {
      rt.close();
    }
  }

  /** Recursive fork-join: fib(n) forks fib(n-1) and fib(n-2) and joins them with Promise.all. */
  private static final class Fib extends ValueTask<Long> {
    private final int n;
    private Promise<Long> a;
    private Promise<Long> b;
    private Promise<Void> both;

    Fib(int n) {
      this.n = n;
    }

    @Override
    public Status run(Shard shard) {
      if (n < 2) {
        return done((long) n);
      }
      if (both == null) {
        a = shard.fork(new Fib(n - 1));
        b = shard.fork(new Fib(n - 2));
        both = Promise.all(shard, a, b);
      }
      if (!both.isDone()) {
        return both.await(this);
      }
      long v = a.get() + b.get();
      a.release();
      b.release();
      return done(v);
    }
  }

  @Test
  void forkJoinWithPromiseAll() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    assertEquals(4181L, rt.call(0, new Fib(19)));
    ShardStats st = rt.shard(0).stats();
    assertTrue(st.waits() > 1000, "forks must wait on their joins: " + st);
    errors.assertNone();
  }

  /** Keeps WINDOW calls in flight to random other shards; checks each reply, in issue order. */
  private static final class CallDriver extends ValueTask<Integer> {
    private static final int WINDOW = 32;
    private final SplittableRandom rnd;
    private final int calls;
    private final int shards;
    private final ArrayDeque<Promise<Long>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Long> expected = new ArrayDeque<>();
    private int issued;
    private int checked;

    CallDriver(long seed, int calls, int shards) {
      this.rnd = new SplittableRandom(seed);
      this.calls = calls;
      this.shards = shards;
    }

    @Override
    public Status run(Shard shard) {
      while (true) {
        while (issued < calls && inFlight.size() < WINDOW) {
          int target = (shard.index() + 1 + rnd.nextInt(shards - 1)) % shards;
          long x = rnd.nextLong();
          inFlight.add(shard.call(target, ValueTask.of(s -> x * 31 + s.index())));
          expected.add(x * 31 + target);
          issued++;
        }
        while (!inFlight.isEmpty() && inFlight.peek().isDone()) {
          Promise<Long> p = inFlight.poll();
          if (!p.get().equals(expected.poll())) {
            throw new AssertionError("wrong reply on shard " + shard.index());
          }
          p.release();
          checked++;
        }
        if (checked == calls) {
          return done(checked);
        }
        if (!inFlight.isEmpty()) {
          return inFlight.peek().await(this);
        }
      }
    }
  }

  @Test
  void crossShardWaitUnderConcurrentLoad() {
    long seed = Fixtures.seed("crossShardWait");
    rt = ShardRuntime.start(Fixtures.options(4, errors));
    List<CompletableFuture<Integer>> drivers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      drivers.add(rt.submit(i, new CallDriver(seed + i, 3_000, 4)));
    }
    for (CompletableFuture<Integer> d : drivers) {
      assertEquals(3_000, get(d));
    }
    errors.assertNone(); // a promise completed off its shard's thread would trip Promise's assertion here
  }

  /** Per-shard counters: slot i is written only by shard i. */
  private static final class Counts {
    final long[] received = new long[4];
  }

  /**
   * Each shard sends NOWAIT increments to random shards, then a WAIT barrier to every other shard: inboxes are
   * FIFO per sender, so when every barrier has replied, every send of that shard has run.
   */
  private static final class SendDriver extends ValueTask<Integer> {
    private final SplittableRandom rnd;
    private final Counts counts;
    private final int[] sentTo = new int[4];
    private Promise<Void> barrier;

    SendDriver(long seed, Counts counts) {
      this.rnd = new SplittableRandom(seed);
      this.counts = counts;
    }

    @Override
    public Status run(Shard shard) {
      if (barrier == null) {
        for (int i = 0; i < 5_000; i++) {
          int target = rnd.nextInt(4);
          sentTo[target]++;
          shard.send(target, s -> {
            counts.received[s.index()]++;
            return Status.DONE;
          });
        }
        List<Promise<?>> acks = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          acks.add(shard.call(t, ValueTask.of(s -> Boolean.TRUE)));
        }
        barrier = Promise.all(shard, acks.toArray(new Promise<?>[0]));
      }
      if (!barrier.isDone()) {
        return barrier.await(this);
      }
      barrier.get();
      return done(5_000);
    }
  }

  @Test
  void crossShardNowaitUnderConcurrentLoad() {
    long seed = Fixtures.seed("crossShardNowait");
    rt = ShardRuntime.start(Fixtures.options(4, errors));
    Counts counts = new Counts();
    List<SendDriver> drivers = new ArrayList<>();
    List<CompletableFuture<Integer>> done = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      SendDriver d = new SendDriver(seed + i, counts);
      drivers.add(d);
      done.add(rt.submit(i, d));
    }
    done.forEach(Fixtures::get);
    for (int t = 0; t < 4; t++) {
      long expected = 0;
      for (SendDriver d : drivers) {
        expected += d.sentTo[t];
      }
      int target = t;
      assertEquals(expected, (long) rt.call(t, s -> counts.received[target]), "shard " + t);
    }
    errors.assertNone();
  }

  @Test
  void crossShardWaitFailureFailsTheCallersPromise() {
    rt = ShardRuntime.start(Fixtures.options(2, errors));
    String outcome = rt.call(0, new ValueTask<String>() {
      Promise<Integer> p;

      @Override
      public Status run(Shard shard) {
        if (p == null) {
          p = shard.call(1, ValueTask.of(s -> {
            throw new IllegalArgumentException("bad key on shard " + s.index());
          }));
          return p.await(this);
        }
        return done(Thread.currentThread().getName() + ": " + p.failure());
      }
    });
    assertEquals("cascade-shard-0: java.lang.IllegalArgumentException: bad key on shard 1", outcome);
    errors.assertNone();
  }

  @Test
  void nowaitFailureReachesTheSendersErrorHookOnItsThread() {
    rt = ShardRuntime.start(Fixtures.options(2, errors));
    get(rt.submit(0, s -> {
      s.send(1, t -> { throw new IllegalStateException("lost write on shard " + t.index()); });
      return Task.Status.DONE;
    }));
    Fixtures.waitUntil("error hook called", () -> !errors.errors.isEmpty());
    assertEquals("lost write on shard 1", errors.errors.get(0).getMessage());
    assertEquals(List.of("cascade-shard-0"), errors.threads);
    assertEquals(List.of(0), errors.shards);
    errors.errors.clear();
  }

  @Test
  void fullTargetInboxFailsCallsAndSendsInsteadOfBlockingTheShard() throws Exception {
    rt = ShardRuntime.start(Fixtures.options(2, errors).withInboxCapacity(16));
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocker = Fixtures.holdShard(rt, 1, release);
    List<String> outcomes = rt.call(0, s -> {
      List<Promise<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(s.call(1, ValueTask.of(t -> 1)));
      }
      s.send(1, t -> Task.Status.DONE);
      List<String> out = new ArrayList<>();
      for (Promise<Integer> p : calls) {
        out.add(p.isDone() ? String.valueOf(p.failure().getMessage()) : "pending");
      }
      return out;
    });
    assertEquals(16, outcomes.stream().filter("pending"::equals).count(), outcomes.toString());
    assertEquals("inbox of shard 1 is full: 16 tasks (RuntimeOptions.inboxCapacity)", outcomes.get(19));
    Fixtures.waitUntil("send refusal reported", () -> !errors.errors.isEmpty());
    assertTrue(errors.errors.get(0).getMessage().startsWith("inbox of shard 1 is full"));
    assertEquals(List.of("cascade-shard-0"), errors.threads);
    errors.errors.clear();
    release.countDown();
    get(blocker);
  }

  @Test
  void aThrowingErrorHookDoesNotKillTheShard() {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withErrorHook((s, t) -> {
      throw new IllegalStateException("hook is broken");
    }));
    get(rt.submit(0, s -> {
      s.spawn(t -> { throw new IllegalArgumentException("spawned task failed"); });
      return Task.Status.DONE;
    }));
    assertEquals(7, (int) rt.call(0, s -> 7));
  }

  @Test
  void aTaskThatCompletesItsOwnPromiseBeforeWaitingRunsAgain() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    int runs = rt.call(0, new ValueTask<Integer>() {
      int runs;

      @Override
      public Status run(Shard shard) {
        if (++runs == 2) {
          return done(runs);
        }
        Promise<Void> p = shard.promises().take();
        Status s = p.await(this);
        p.complete(null); // resumes this task while it is still running
        return s;
      }
    });
    assertEquals(2, runs);
    errors.assertNone();
  }

  @Test
  void spawnAndRunInlineOnTheSameShard() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    List<String> order = rt.call(0, new ValueTask<List<String>>() {
      final List<String> log = new ArrayList<>();
      Promise<Boolean> last;

      @Override
      public Status run(Shard shard) {
        if (last == null) {
          shard.spawn(s -> { log.add("spawned"); return Status.DONE; });
          shard.runInline(s -> { log.add("inline"); return Status.DONE; });
          last = shard.fork(ValueTask.of(s -> log.add("forked")));
          return last.await(this);
        }
        return done(log);
      }
    });
    assertEquals(List.of("inline", "spawned", "forked"), order);
    errors.assertNone();
  }
}
