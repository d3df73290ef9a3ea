package dev.cascade.engine.runtime;

import static dev.cascade.engine.runtime.Fixtures.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Foreground and background classes, quotas, reactor polling and the I/O budget on a live shard. */
class SchedulingTest {
  private final Fixtures.ErrorLog errors = new Fixtures.ErrorLog();
  private final AtomicBoolean stop = new AtomicBoolean();
  private ShardRuntime rt;

  @AfterEach
  void close() {
    stop.set(true);
    if (rt != null) {
      rt.close();
    }
  }

  /** A task that never finishes: it does a step of work and yields, until the test ends. */
  private Task endless(AtomicLong steps, boolean checkQuota) {
    return shard -> {
      if (stop.get()) {
        return Task.Status.DONE;
      }
      do {
        steps.incrementAndGet();
      } while (checkQuota && !shard.shouldYield());
      return Task.Status.YIELD;
    };
  }

  @Test
  void endlessBackgroundTaskCannotStarveForeground() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    AtomicLong yielding = new AtomicLong();
    AtomicLong quotaChecking = new AtomicLong();
    rt.submit(0, TaskClass.BACKGROUND, endless(yielding, false));
    rt.submit(0, TaskClass.BACKGROUND, endless(quotaChecking, true));
    Fixtures.waitUntil("background running", () -> yielding.get() > 100 && quotaChecking.get() > 100);
    List<CompletableFuture<Integer>> fg = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int n = i;
      fg.add(rt.supply(0, s -> n));
    }
    for (int i = 0; i < fg.size(); i++) {
      assertEquals(i, get(fg.get(i)));
    }
    errors.assertNone();
  }

  @Test
  void backgroundProgressesUnderConstantForegroundLoad() {
    rt = ShardRuntime.start(Fixtures.options(1, errors));
    AtomicLong fgSteps = new AtomicLong();
    AtomicLong bgSteps = new AtomicLong();
    rt.submit(0, endless(fgSteps, false));
    rt.submit(0, endless(fgSteps, false));
    Fixtures.waitUntil("foreground load running", () -> fgSteps.get() > 1_000);
    rt.submit(0, TaskClass.BACKGROUND, endless(bgSteps, false));
    Fixtures.waitUntil("background made progress", () -> bgSteps.get() > 10_000);
    long fg = fgSteps.get();
    Fixtures.waitUntil("foreground still runs", () -> fgSteps.get() > fg + 10_000);
    assertTrue(rt.shard(0).stats().backgroundRuns() > 0);
    errors.assertNone();
  }

  @Test
  void shouldYieldTurnsTrueAfterTheQuota() {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withBackgroundQuotaNanos(200_000));
    // The task starts after t0, and shouldYield may turn true only a quota after the task started.
    long t0 = System.nanoTime();
    long yieldAt = rt.call(0, s -> {
      while (!s.shouldYield()) {
        Thread.onSpinWait();
      }
      return System.nanoTime();
    });
    assertTrue(yieldAt - t0 >= 200_000, "shouldYield was true " + (yieldAt - t0) + " ns after submission");
  }

  /** A reactor that counts its polls and records the threads it was opened and closed on. */
  private static final class CountingReactor implements Reactor {
    static final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final List<String> closed = new java.util.concurrent.CopyOnWriteArrayList<>();
    final ParkingReactor parking = new ParkingReactor();
    final AtomicInteger polls = new AtomicInteger();

    CountingReactor() {
      opened.add(Thread.currentThread().getName());
    }

    @Override
    public int poll() {
      polls.incrementAndGet();
      return 0;
    }

    @Override
    public void sleep(long timeoutNanos) {
      parking.sleep(timeoutNanos);
    }

    @Override
    public void wake() {
      parking.wake();
    }

    @Override
    public int inFlight() {
      return 0;
    }

    @Override
    public void close() {
      closed.add(Thread.currentThread().getName());
    }
  }

  @Test
  void reactorIsPolledUnderLoadAndLivesOnItsShardThread() {
    CountingReactor.opened.clear();
    CountingReactor.closed.clear();
    List<CountingReactor> reactors = new java.util.concurrent.CopyOnWriteArrayList<>();
    rt = ShardRuntime.start(Fixtures.options(2, errors).withReactorFactory((loop, i) -> {
      CountingReactor r = new CountingReactor();
      reactors.add(r);
      return r;
    }));
    AtomicLong steps = new AtomicLong();
    rt.submit(0, endless(steps, false));
    rt.submit(0, endless(steps, false));
    Fixtures.waitUntil("load running", () -> steps.get() > 1_000);
    int polls = reactors.stream().filter(r -> r.polls.get() > 0).mapToInt(r -> r.polls.get()).sum();
    Fixtures.waitUntil("reactor polled while tasks keep the shard busy",
        () -> reactors.stream().mapToInt(r -> r.polls.get()).sum() > polls + 100);
    stop.set(true);
    rt.close();
    assertEquals(List.of("cascade-shard-0", "cascade-shard-1"), CountingReactor.opened.stream().sorted().toList());
    assertEquals(List.of("cascade-shard-0", "cascade-shard-1"), CountingReactor.closed.stream().sorted().toList());
    errors.assertNone();
  }

  @Test
  void ioBudgetWaitersCompleteOnAnIdleShard() {
    rt = ShardRuntime.start(Fixtures.options(1, errors).withBackgroundIoBytesPerSecond(10_000_000));
    // The bucket holds 100 ms = 1_000_000 bytes; the second request must wait for about 20 ms of refill,
    // which only the shard's sleep timeout (no other event) can deliver.
    int granted = rt.call(0, new ValueTask<Integer>() {
      Promise<Void> second;

      @Override
      public Status run(Shard shard) {
        if (second == null) {
          if (!shard.ioBudget().tryAcquire(1_000_000)) {
            throw new AssertionError("a full bucket must grant a burst");
          }
          second = shard.ioBudget().acquire(200_000);
          if (second.isDone()) {
            throw new AssertionError("an empty bucket must make the request wait");
          }
          return second.await(this);
        }
        second.get();
        return done(2);
      }
    });
    assertEquals(2, granted);
    errors.assertNone();
  }
}
