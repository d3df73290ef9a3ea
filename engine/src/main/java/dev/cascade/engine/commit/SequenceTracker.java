package dev.cascade.engine.commit;

import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.key.Limits;
import java.util.TreeMap;

/**
 * The global sequence counter and the visibility watermark (see {@code engine/docs/commit-protocol.md}): batches
 * take contiguous ranges with {@link #allocate(int)}, announce with {@link #publish(long, int)} that they are
 * applied and durable, and the watermark advances over the longest published prefix. Readers take
 * {@link #watermark()} as their snapshot; writers wait with {@link #awaitVisible(long)} before acknowledging.
 *
 * <p>Thread-safe: with the snapshot registry and the ledger, the only shared mutable state of the engine.
 * Allocation and publication take a short lock; reading the watermark is one volatile read.
 */
public final class SequenceTracker {
  private final Object lock = new Object();
  private volatile long watermark;
  private long next;
  /** Published ranges above the watermark: start to end (inclusive), waiting for the gap below them to close. */
  private final TreeMap<Long, Long> published = new TreeMap<>();
  private int waiters;
  private volatile RuntimeException failure;

  /** Starts with every sequence up to {@code lastSequence} published (what recovery found). */
  public SequenceTracker(long lastSequence) {
    if (lastSequence < 0 || lastSequence >= Limits.SEQUENCE_MAX) {
      throw new IllegalArgumentException("lastSequence out of range: " + lastSequence);
    }
    watermark = lastSequence;
    next = lastSequence + 1;
  }

  /** Takes {@code n} consecutive sequences and returns the first. */
  public long allocate(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("allocate at least one sequence, not " + n);
    }
    synchronized (lock) {
      checkNotFailed();
      long base = next;
      if (base + n - 1 > Limits.SEQUENCE_MAX) {
        throw new IllegalStateException("sequence numbers exhausted at " + base);
      }
      next = base + n;
      return base;
    }
  }

  /** Marks {@code [base, base + n)} applied and durable; advances the watermark over any closed gap. */
  public void publish(long base, int n) {
    long end = base + n - 1;
    synchronized (lock) {
      if (base != watermark + 1) {
        published.put(base, end);
        return;
      }
      long w = end;
      for (Long nextEnd = published.remove(w + 1); nextEnd != null; nextEnd = published.remove(w + 1)) {
        w = nextEnd;
      }
      watermark = w;
      if (waiters != 0) {
        lock.notifyAll();
      }
    }
  }

  /** The highest sequence below which every batch is published: the snapshot of a new read. */
  public long watermark() {
    return watermark;
  }

  /** The last sequence handed out (published or not). */
  public long lastAllocated() {
    synchronized (lock) {
      return next - 1;
    }
  }

  /**
   * Waits until the watermark reaches {@code seq}. Spins briefly first: the batches ahead are usually already
   * in their last step.
   *
   * @throws ReadOnlyException if the store failed, so the watermark will never get there
   */
  public void awaitVisible(long seq) {
    for (int spin = 0; spin < 200; spin++) {
      if (watermark >= seq) {
        return;
      }
      checkNotFailed();
      Thread.onSpinWait();
    }
    synchronized (lock) {
      waiters++;
      try {
        while (watermark < seq) {
          checkNotFailed();
          lock.wait(10);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for sequence " + seq + " to become visible", e);
      } finally {
        waiters--;
      }
    }
  }

  /** True when {@code seq} is visible. */
  public boolean isVisible(long seq) {
    return watermark >= seq;
  }

  /**
   * The store failed (a WAL write or sync): batches in flight will never be published. Wakes every waiter with
   * {@code cause}; later allocations fail with it too. The first failure wins.
   */
  public void fail(RuntimeException cause) {
    synchronized (lock) {
      if (failure == null) {
        failure = cause;
      }
      lock.notifyAll();
    }
  }

  public RuntimeException failure() {
    return failure;
  }

  private void checkNotFailed() {
    RuntimeException f = failure;
    if (f != null) {
      throw f instanceof ReadOnlyException r ? r : new ReadOnlyException("the store is read-only: " + f.getMessage(), f);
    }
  }

  @Override
  public String toString() {
    return "SequenceTracker[watermark=" + watermark + ", lastAllocated=" + lastAllocated() + "]";
  }
}
