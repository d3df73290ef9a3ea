package dev.cascade.engine.commit;

import java.util.TreeMap;

/**
 * The sequences that live snapshots and iterators read at. Compaction keeps every version one of them can see:
 * {@link #oldest(long)} bounds what it may drop.
 *
 * <p>Thread-safe (a short lock; snapshots are taken per iterator and per explicit snapshot, not per get).
 */
public final class SnapshotRegistry {
  private final TreeMap<Long, Integer> live = new TreeMap<>();

  public synchronized void register(long seq) {
    live.merge(seq, 1, Integer::sum);
  }

  /**
   * Registers the current watermark and returns it, atomically with respect to {@link #oldest}: a compaction
   * can never decide what to drop between a reader taking its snapshot and registering it.
   */
  public synchronized long registerCurrent(java.util.function.LongSupplier watermark) {
    long seq = watermark.getAsLong();
    register(seq);
    return seq;
  }

  public synchronized void release(long seq) {
    Integer n = live.get(seq);
    if (n == null) {
      throw new IllegalStateException("snapshot " + seq + " released more often than registered");
    }
    if (n == 1) {
      live.remove(seq);
    } else {
      live.put(seq, n - 1);
    }
  }

  /** The oldest live snapshot, or the watermark (read under this registry's lock) when none is older. */
  public synchronized long oldest(java.util.function.LongSupplier watermark) {
    long current = watermark.getAsLong();
    return live.isEmpty() ? current : Math.min(live.firstKey(), current);
  }

  public synchronized int count() {
    int n = 0;
    for (int c : live.values()) {
      n += c;
    }
    return n;
  }
}
