package dev.cascade.engine.runtime;

import static dev.cascade.engine.runtime.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** callDirect: the caller runs an idle shard's task under an ownership CAS. */
class CallDirectTest extends RuntimeTestBase {
  /** Shard state updated without atomics: a lost update proves two threads owned the shard at once. */
  private static final class Owned {
    long count;
  }

  @Test
  void runsOnTheCallerWhenTheShardSleeps() {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withSpinNanos(0));
    String caller = Thread.currentThread().getName();
    int onCaller = 0;
    for (int i = 0; i < 200; i++) {
      int n = i;
      Fixtures.waitUntil("shard asleep", () -> rt.shard(0).stateForTest() == Shard.SLEEPING);
      String ranOn = rt.callDirect(0, ValueTask.of(s -> {
        assertTrue(s.inLoop());
        return Thread.currentThread().getName() + ":" + n;
      }));
      if (ranOn.equals(caller + ":" + n)) {
        onCaller++;
      } else {
        assertEquals("cascade-shard-0:" + n, ranOn);
      }
    }
    assertTrue(onCaller > 0, "no call ran on the caller's thread");
    assertEquals(onCaller, rt.shard(0).stats().borrowedRuns());
  }

  @Test
  void ownershipStaysExclusiveUnderMixedLoad() throws Exception {
    long seed = Fixtures.seed("callDirectMixedLoad");
    rt = ShardRuntime.start(Fixtures.options(2, errors).withSpinNanos(0));
    Owned owned = new Owned();
    int threads = 4;
    int perThread = 3_000;
    List<CompletableFuture<Integer>> done = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom rnd = new SplittableRandom(seed + t);
      CompletableFuture<Integer> f = new CompletableFuture<>();
      done.add(f);
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          for (int i = 0; i < perThread; i++) {
            ValueTask<Long> inc = ValueTask.of(s -> ++owned.count);
            switch (rnd.nextInt(3)) {
              case 0 -> rt.callDirect(0, inc);
              case 1 -> get(rt.submit(0, inc));
              default -> get(rt.submit(1, s -> { // shard 1 sends to shard 0: a third kind of submitter
                s.send(0, inc);
                return Task.Status.DONE;
              }));
            }
          }
          f.complete(perThread);
        } catch (Throwable e) {
          f.completeExceptionally(e);
        }
      }));
    }
    for (CompletableFuture<Integer> f : done) {
      assertEquals(perThread, get(f));
    }
    for (Thread w : workers) {
      w.join();
    }
    // The sends are NOWAIT: wait for them to land, then read the count on the shard.
    Fixtures.waitUntil("all increments applied", () -> rt.call(0, s -> owned.count) == (long) threads * perThread);
    assertTrue(rt.shard(0).stats().borrowedRuns() > 0, rt.shard(0).stats().toString());
  }

  @Test
  void yieldingAndWaitingTasksAreFinishedByTheShard() {
    rt = ShardRuntime.start(Fixtures.options(2, errors).withSpinNanos(0));
    Fixtures.waitUntil("shard asleep", () -> rt.shard(0).stateForTest() == Shard.SLEEPING);
    String yielded = rt.callDirect(0, new ValueTask<String>() {
      int runs;

      @Override
      public Status run(Shard shard) {
        return ++runs < 3 ? Status.YIELD : done("runs=" + runs);
      }
    });
    assertEquals("runs=3", yielded);
    Fixtures.waitUntil("shard asleep", () -> rt.shard(0).stateForTest() == Shard.SLEEPING);
    int remote = rt.callDirect(0, new ValueTask<Integer>() {
      Promise<Integer> p;

      @Override
      public Status run(Shard shard) {
        if (p == null) {
          p = shard.call(1, ValueTask.of(s -> 40 + s.index()));
          return p.await(this);
        }
        return done(p.get());
      }
    });
    assertEquals(41, remote);
  }

  @Test
  void theReactorIsOffLimitsToABorrowedRun() {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withSpinNanos(0));
    for (int i = 0; i < 50; i++) {
      Fixtures.waitUntil("shard asleep", () -> rt.shard(0).stateForTest() == Shard.SLEEPING);
      String r;
      try {
        r = rt.callDirect(0, ValueTask.of(s -> s.reactor().getClass().getSimpleName()));
      } catch (IllegalStateException e) {
        assertTrue(e.getMessage().contains("callDirect"), e.getMessage());
        return;
      }
      assertEquals("ParkingReactor", r); // the shard's own thread ran it (not asleep after all): allowed there
    }
    throw new AssertionError("no callDirect ran on the caller in 50 tries");
  }

  @Test
  void refusedOnAShardThreadAndAfterClose() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    Throwable t = Fixtures.failure(rt.supply(0, s -> rt.callDirect(0, ValueTask.of(x -> 1))));
    assertTrue(t instanceof IllegalStateException, t.toString());
    rt.close();
    assertThrows(dev.cascade.engine.CascadeException.class, () -> rt.callDirect(0, ValueTask.of(x -> 1)));
  }
}
