package dev.cascade.sql.exec;

import dev.cascade.engine.Snapshot;

/**
 * The snapshot a statement reads at. A statement that reads more than once (a DML statement reads its target rows,
 * then checks keys) binds one snapshot around all its reads, so every scan in it sees the same state; scans started
 * while nothing is bound take a snapshot of their own.
 *
 * <p>Thread-confined: the binding is per thread (planning and execution of one statement run on its caller's thread).
 */
public final class StatementSnapshot {
  private static final ThreadLocal<Snapshot> CURRENT = new ThreadLocal<>();

  private StatementSnapshot() {
  }

  /** The snapshot bound on this thread, or null. */
  public static Snapshot current() {
    return CURRENT.get();
  }

  /**
   * Binds {@code snapshot} on this thread until the returned handle is closed, which restores the previous binding
   * (bindings nest). The caller keeps ownership of the snapshot and closes it after the handle.
   */
  public static AutoCloseable bind(Snapshot snapshot) {
    Snapshot previous = CURRENT.get();
    CURRENT.set(snapshot);
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }
}
