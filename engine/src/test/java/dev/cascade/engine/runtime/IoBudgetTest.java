package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IoBudgetTest {
  /** A loop for promises in a single-threaded test: this thread is always "in" it. */
  private static final EventLoop LOOP =
      new EventLoop() {
        @Override
        public void resume(Task task) {
          throw new AssertionError("no tasks here");
        }

        @Override
        public boolean inLoop() {
          return true;
        }
      };

  private long now = 1_000;

  @Test
  void refillsAtTheRateUpToOneBurst() {
    IoBudget b = new IoBudget(LOOP, 1_000_000, () -> now); // burst = 100 ms = 100_000 bytes
    assertTrue(b.tryAcquire(100_000));
    assertFalse(b.tryAcquire(1));
    now += 10_000_000; // 10 ms = 10_000 bytes
    assertTrue(b.tryAcquire(10_000));
    assertFalse(b.tryAcquire(1));
    now += 10_000_000_000L; // long idle: still only one burst
    assertTrue(b.tryAcquire(100_000));
    assertFalse(b.tryAcquire(1));
  }

  @Test
  void waitersAreServedInOrderWhenTokensArrive() {
    IoBudget b = new IoBudget(LOOP, 1_000_000, () -> now);
    assertTrue(b.tryAcquire(100_000));
    Promise<Void> first = b.acquire(5_000);
    Promise<Void> second = b.acquire(5_000);
    assertFalse(first.isDone());
    assertEquals(5_000_000, b.nanosUntilReady());
    assertFalse(b.tryAcquire(1), "tryAcquire must not jump the queue");
    now += 5_000_000;
    assertEquals(1, b.poll());
    assertTrue(first.isDone());
    assertFalse(second.isDone());
    now += 5_000_000;
    assertEquals(1, b.poll());
    assertTrue(second.isDone());
    assertEquals(Long.MAX_VALUE, b.nanosUntilReady());
  }

  @Test
  void requestLargerThanBurstRunsIntoDebt() {
    IoBudget b = new IoBudget(LOOP, 1_000_000, () -> now);
    assertTrue(b.tryAcquire(1_000_000)); // full bucket: granted, 900_000 bytes of debt
    Promise<Void> next = b.acquire(1);
    assertEquals(900_001_000L, b.nanosUntilReady());
    now += 900_001_000L;
    b.poll();
    assertTrue(next.isDone());
  }

  @Test
  void unlimitedAndValidation() {
    IoBudget b = new IoBudget(LOOP, 0, () -> now);
    assertTrue(b.unlimited());
    assertTrue(b.tryAcquire(IoBudget.REQUEST_BYTES_MAX));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.tryAcquire(0));
    assertTrue(e.getMessage().contains("REQUEST_BYTES_MAX"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IoBudget(LOOP, -1, () -> now));
  }
}
