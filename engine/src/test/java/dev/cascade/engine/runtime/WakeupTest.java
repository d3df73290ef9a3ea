package dev.cascade.engine.runtime;

import static dev.cascade.engine.runtime.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * No lost wake-ups: with spinning off, the shard sleeps between almost every hand-off, so each submission
 * races the shard's "announce sleep, re-check inbox, sleep" sequence. A lost wake-up leaves a submission
 * unserved until the 60 s safety timeout, which the 30 s hang detector reports as a failure.
 */
class WakeupTest extends RuntimeTestBase {
  @Test
  void oneSubmitterManyRoundsToASleepingShard() {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withSpinNanos(0));
    for (int i = 0; i < 20_000; i++) {
      int n = i;
      assertEquals(n, (int) get(rt.supply(0, s -> n)));
    }
    ShardStats st = rt.shard(0).stats();
    assertTrue(st.sleeps() > 0 && st.wakeups() > 0, "the shard must really have slept: " + st);
    assertTrue(st.wakeups() <= st.sleeps(), st.toString());
  }

  /**
   * The submitter spins on the result instead of parking, then pushes the next task after a random pause of
   * a few hundred nanoseconds: the pushes land all over the shard's short window between "inbox looks empty"
   * and "sleeping", which is exactly where a protocol without the re-check loses the wake-up.
   */
  @Test
  void pushesRacingTheIdleTransition() {
    long seed = Fixtures.seed("pushesRacingTheIdleTransition");
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    rt = ShardRuntime.start(Fixtures.options(1, errors).withSpinNanos(0));
    for (int i = 0; i < 8_000; i++) {
      int pause = rnd.nextInt(400);
      for (int p = 0; p < pause; p++) {
        Thread.onSpinWait();
      }
      CompletableFuture<Void> f = rt.submit(0, s -> Task.Status.DONE);
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Fixtures.HANG_SECONDS);
      while (!f.isDone()) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("round " + i + " was never served: lost wake-up");
        }
        Thread.onSpinWait();
      }
    }
    ShardStats st = rt.shard(0).stats();
    assertTrue(st.wakeups() > 0, st.toString());
  }

  @Test
  void manySubmittersToOneSleepingShard() throws Exception {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withSpinNanos(0));
    List<CompletableFuture<Integer>> done = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      CompletableFuture<Integer> f = new CompletableFuture<>();
      done.add(f);
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < 3_000; i++) {
            int n = i;
            if ((int) get(rt.supply(0, s -> n)) != n) {
              throw new AssertionError("wrong result");
            }
          }
          f.complete(3_000);
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      }));
    }
    for (CompletableFuture<Integer> f : done) {
      assertEquals(3_000, get(f));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  /** Ping-pong between two sleeping shards: every hop is a shard-to-shard wake-up. */
  @Test
  void shardToShardPingPongWithoutSpinning() {
    rt = ShardRuntime.start(Fixtures.options(2, errors).withSpinNanos(0));
    int hops = rt.call(0, new ValueTask<Integer>() {
      int hops;
      Promise<Integer> reply;

      @Override
      public Status run(Shard shard) {
        while (true) {
          if (reply != null) {
            if (!reply.isDone()) {
              return reply.await(this);
            }
            hops += reply.get();
            reply.release();
          }
          if (hops == 10_000) {
            return done(hops);
          }
          reply = shard.call(1, ValueTask.of(s -> 1));
        }
      }
    });
    assertEquals(10_000, hops);
    assertTrue(rt.shard(1).stats().wakeups() > 0, rt.shard(1).stats().toString());
  }
}
