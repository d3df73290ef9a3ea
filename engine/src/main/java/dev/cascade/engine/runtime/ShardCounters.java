package dev.cascade.engine.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters behind {@link ShardStats}. Only the shard writes them; opaque accesses let any thread read a
 * recent value without tearing and without fences on the shard's data path.
 *
 * <p>Thread ownership: written only by its shard; {@link #snapshot(int)} is thread-safe.
 */
final class ShardCounters {
  static final int TASKS_RUN = 0;
  static final int YIELDS = 1;
  static final int WAITS = 2;
  static final int BACKGROUND_RUNS = 3;
  static final int MESSAGES = 4;
  static final int SLEEPS = 5;
  static final int WAKEUPS = 6;
  static final int BORROWED_RUNS = 7;
  private static final int COUNT = 8;

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
  private final long[] slots = new long[COUNT];

  void increment(int slot) {
    SLOTS.setOpaque(slots, slot, (long) SLOTS.getOpaque(slots, slot) + 1);
  }

  void add(int slot, long delta) {
    SLOTS.setOpaque(slots, slot, (long) SLOTS.getOpaque(slots, slot) + delta);
  }

  ShardStats snapshot(int shard) {
    return new ShardStats(
        shard,
        get(TASKS_RUN),
        get(YIELDS),
        get(WAITS),
        get(BACKGROUND_RUNS),
        get(MESSAGES),
        get(SLEEPS),
        get(WAKEUPS),
        get(BORROWED_RUNS));
  }

  private long get(int slot) {
    return (long) SLOTS.getOpaque(slots, slot);
  }
}
