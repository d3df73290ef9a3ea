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
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> blocker = Fixtures.holdShard(rt, 0, release);
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

  /**
   * A reactor with one operation "in flight" until the test lets it complete. It records whether the waiting
   * task's future was already failed while the operation was still in flight: shutdown must drain I/O before it
   * fails the tasks that wait on it, or their owners free buffers the kernel may still write.
   */
  static final class OneOpReactor implements Reactor {
    final ParkingReactor idle = new ParkingReactor();
    final CountDownLatch completeIt = new CountDownLatch(1);
    volatile Promise<Void> op;
    volatile CompletableFuture<Void> waiter;
    volatile boolean failedWhileInFlight;
    final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public int poll() {
      polls.incrementAndGet();
      CompletableFuture<Void> w = waiter;
      if (op != null && w != null && w.isDone()) {
        failedWhileInFlight = true;
      }
      if (op != null && completeIt.getCount() == 0) {
        Promise<Void> p = op;
        op = null;
        p.completeLong(0);
        return 1;
      }
      return 0;
    }

    @Override
    public void sleep(long timeoutNanos) {
      idle.sleep(Math.min(timeoutNanos, 1_000_000));
      poll();
    }

    @Override
    public void wake() {
      idle.wake();
    }

    @Override
    public int inFlight() {
      return op == null ? 0 : 1;
    }

    @Override
    public void close() {}
  }

  @Test
  void inFlightIoDrainsBeforeItsWaitingTaskFails() throws Exception {
    OneOpReactor[] reactor = new OneOpReactor[1];
    ShardRuntime rt = ShardRuntime.start(Fixtures.options(1, errors).withReactorFactory((loop, i) -> {
      reactor[0] = new OneOpReactor();
      return reactor[0];
    }));
    CountDownLatch issued = new CountDownLatch(1);
    CompletableFuture<Void> waiter = rt.submit(0, s -> {
      Promise<Void> p = new Promise<>(s);
      reactor[0].op = p;
      issued.countDown();
      return p.await(sh -> Task.Status.DONE);
    });
    issued.await();
    reactor[0].waiter = waiter;
    int pollsBefore = reactor[0].polls.get();
    Thread closer = new Thread(rt::close);
    closer.start();
    // The stopping shard drains in-flight I/O by polling its reactor; the operation stays in flight meanwhile.
    Fixtures.waitUntil("the stopping shard polls its reactor", () -> reactor[0].polls.get() > pollsBefore + 20);
    reactor[0].completeIt.countDown();
    closer.join();
    assertFalse(reactor[0].failedWhileInFlight, "a waiting task failed while its I/O was still in flight");
    assertTrue(waiter.isDone());
  }
}
