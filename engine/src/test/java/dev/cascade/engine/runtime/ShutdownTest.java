package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** close(): refuses new work, fails everything unfinished with a clear error, never hangs. */
class ShutdownTest {
  private final Fixtures.ErrorLog errors = new Fixtures.ErrorLog();

  private static void assertClosedError(Throwable t) {
    assertTrue(t instanceof CascadeException, "expected CascadeException, got " + t);
    assertTrue(t.getMessage().startsWith("runtime is closed"), t.getMessage());
  }

  @Test
  void queuedYieldedAndWaitingTasksFailWithTheClosedError() throws Exception {
    ShardRuntime rt = ShardRuntime.start(Fixtures.options(2, errors));
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // Holds shard 0's thread (tests only) so that what follows stays queued in its inbox.
    CompletableFuture<Void> blocker = rt.submit(0, s -> {
      running.countDown();
      try {
        release.await(Fixtures.HANG_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new RuntimeException(e);
      }
      return Task.Status.DONE;
    });
    running.await();
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      queued.add(rt.submit(0, i % 2 == 0 ? TaskClass.FOREGROUND : TaskClass.BACKGROUND, s -> Task.Status.DONE));
    }
    // On shard 1: a task waiting on a promise nobody completes, a task that yields forever, and a task
    // waiting for a reply from the blocked shard 0.
    CompletableFuture<Void> waiting = rt.submit(1, s -> new Promise<Void>(s).await((Task) sh -> Task.Status.DONE));
    CompletableFuture<Void> yielding = rt.submit(1, TaskClass.BACKGROUND, s -> Task.Status.YIELD);
    CompletableFuture<Integer> remote = rt.submit(1, new ValueTask<Integer>() {
      Promise<Integer> p;

      @Override
      public Status run(Shard shard) {
        if (p == null) {
          p = shard.call(0, ValueTask.of(t -> 1));
          return p.await(this);
        }
        return done(p.get());
      }
    });
    Fixtures.waitUntil("shard 1 waits", () -> rt.shard(1).stats().waits() >= 1);

    Thread closer = Thread.ofPlatform().start(rt::close);
    Fixtures.waitUntil("close() started", rt::isClosed);
    CascadeException refused = assertThrows(CascadeException.class, () -> rt.submit(0, s -> Task.Status.DONE));
    assertClosedError(refused);
    assertClosedError(assertThrows(CascadeException.class, () -> rt.call(1, s -> 1)));
    release.countDown();
    closer.join(TimeUnit.SECONDS.toMillis(Fixtures.HANG_SECONDS));
    assertFalse(closer.isAlive(), "close() hung");

    Fixtures.get(blocker); // it was running: it finishes normally
    for (CompletableFuture<Void> f : queued) {
      assertClosedError(Fixtures.failure(f));
    }
    assertTrue(Fixtures.failure(queued.get(0)).getMessage().contains("not started"));
    assertClosedError(Fixtures.failure(yielding));
    assertClosedError(Fixtures.failure(remote));
    Throwable w = Fixtures.failure(waiting);
    assertClosedError(w);
    assertTrue(w.getMessage().contains("waiting"), w.getMessage());
    for (Shard s : List.of(rt.shard(0), rt.shard(1))) {
      assertFalse(s.thread().isAlive());
      assertEquals(Shard.STOPPED, s.stateForTest());
    }
    rt.close(); // idempotent
  }

  @Test
  void closeOfAnIdleRuntimeReturnsAndJoinsThreads() {
    ShardRuntime rt = ShardRuntime.start(Fixtures.options(4, errors).withSpinNanos(0));
    Fixtures.get(rt.supply(3, s -> 1));
    rt.close();
    for (int i = 0; i < 4; i++) {
      assertFalse(rt.shard(i).thread().isAlive());
    }
    errors.assertNone();
  }

  @Test
  void closeFromAShardThreadIsRefused() {
    try (ShardRuntime rt = ShardRuntime.start(Fixtures.options(1, errors))) {
      Throwable t = Fixtures.failure(rt.supply(0, s -> {
        rt.close();
        return 0;
      }));
      assertTrue(t instanceof IllegalStateException, t.toString());
      assertFalse(rt.isClosed());
    }
  }

  @Test
  void reactorThatFailsToOpenFailsStartClearly() {
    CascadeException e = assertThrows(CascadeException.class, () -> ShardRuntime.start(
        Fixtures.options(3, errors).withReactorFactory((loop, i) -> {
          if (i == 1) {
            throw new IllegalStateException("io_uring_setup: ENOMEM");
          }
          return new ParkingReactor();
        })));
    assertTrue(e.getMessage().contains("shard 1 failed to start"), e.getMessage());
    assertTrue(e.getMessage().contains("ENOMEM"), e.getMessage());
  }
}
