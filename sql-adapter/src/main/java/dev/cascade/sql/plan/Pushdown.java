package dev.cascade.sql.plan;

/**
 * A switch for tests: while disabled on a thread, statements planned on it get only the plain full scan of each
 * table (no key ranges, filter, projection, order, limit or aggregate pushed into Cascade), so the metamorphic tests
 * can compare pushed and unpushed plans. Planning runs on the statement's calling thread.
 *
 * <p>Thread-confined (a thread-local switch).
 */
public final class Pushdown {
  private static final ThreadLocal<Integer> DISABLED = ThreadLocal.withInitial(() -> 0);

  private Pushdown() {
  }

  /** Disables pushdown on this thread until the returned handle is closed (nests). */
  public static AutoCloseable disable() {
    DISABLED.set(DISABLED.get() + 1);
    return () -> DISABLED.set(Math.max(0, DISABLED.get() - 1));
  }

  /** Whether pushdown is enabled on this thread. */
  public static boolean enabled() {
    return DISABLED.get() == 0;
  }
}
