package dev.cascade.engine.commit;

import java.util.HashMap;
import java.util.Map;

/**
 * Which committed cross-shard transactions still have a prepared part that lives only in a participant's WAL.
 * While one does, the coordinator must keep the transaction's COMMIT record in its WAL: its replay start point
 * never passes {@link #minPinnedPosition(int)} (see {@code engine/docs/commit-protocol.md}, Retention).
 *
 * <p>Thread-safe: written by coordinators (commit) and participants (flush), read by coordinators (flush).
 */
public final class Ledger {
  private record Pin(int coordinator, long commitPosition, long[] pending) {}

  private final Map<Long, Pin> pins = new HashMap<>();

  /**
   * Transaction {@code txn}, committed by {@code coordinator} with its COMMIT record at WAL position
   * {@code commitPosition}, has unflushed parts on {@code participants} (shard indexes, the coordinator excluded).
   */
  public synchronized void pin(long txn, int coordinator, long commitPosition, int[] participants) {
    if (participants.length == 0) {
      return;
    }
    long[] pending = new long[(maxOf(participants) >>> 6) + 1];
    for (int p : participants) {
      pending[p >>> 6] |= 1L << (p & 63);
    }
    pins.put(txn, new Pin(coordinator, commitPosition, pending));
  }

  /** Shard {@code participant} flushed the memtable holding its parts of {@code txns}. */
  public synchronized void flushed(int participant, long[] txns, int count) {
    for (int i = 0; i < count; i++) {
      Pin pin = pins.get(txns[i]);
      if (pin == null) {
        continue;
      }
      int word = participant >>> 6;
      if (word < pin.pending.length) {
        pin.pending[word] &= ~(1L << (participant & 63));
      }
      if (isEmpty(pin.pending)) {
        pins.remove(txns[i]);
      }
    }
  }

  /** The lowest COMMIT record position {@code coordinator} must keep, or {@code Long.MAX_VALUE}. */
  public synchronized long minPinnedPosition(int coordinator) {
    long min = Long.MAX_VALUE;
    for (Pin p : pins.values()) {
      if (p.coordinator == coordinator && p.commitPosition < min) {
        min = p.commitPosition;
      }
    }
    return min;
  }

  /** Shards whose unflushed parts pin a COMMIT record of {@code coordinator}. */
  public synchronized long[] pinningShards(int coordinator, int shardCount) {
    long[] mask = new long[(shardCount >>> 6) + 1];
    for (Pin p : pins.values()) {
      if (p.coordinator == coordinator) {
        for (int i = 0; i < p.pending.length && i < mask.length; i++) {
          mask[i] |= p.pending[i];
        }
      }
    }
    return mask;
  }

  public synchronized int size() {
    return pins.size();
  }

  private static boolean isEmpty(long[] words) {
    for (long w : words) {
      if (w != 0) {
        return false;
      }
    }
    return true;
  }

  private static int maxOf(int[] a) {
    int m = 0;
    for (int v : a) {
      m = Math.max(m, v);
    }
    return m;
  }
}
