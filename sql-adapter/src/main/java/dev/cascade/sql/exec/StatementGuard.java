package dev.cascade.sql.exec;

import dev.cascade.sql.SqlStateException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;

/**
 * Stops a statement's scans when the statement is cancelled ({@code Statement.cancel()}, which sets the cancel flag
 * Calcite hands the statement in its {@link DataContext}) or runs past its query timeout
 * ({@code Statement.setQueryTimeout}, counted from the statement's start). Calcite's own operators check neither,
 * but every row a join, sort or aggregate reads comes through a scan, so checking in the scans bounds them all.
 *
 * <p>Thread-safe: a pushed aggregate's filter checks it on every shard at once. The flag is atomic; the count of
 * checks between two clock reads is racy on purpose (a lost increment only moves the next clock read).
 */
final class StatementGuard {
  /** Checks (rows) between two clock reads. */
  private static final int CLOCK_EVERY_ROWS = 256;

  private final AtomicBoolean cancelled;
  private final long deadlineMillis;
  private final long timeoutMillis;
  private int checks;

  private StatementGuard(AtomicBoolean cancelled, long startMillis, long timeoutMillis) {
    this.cancelled = cancelled;
    this.timeoutMillis = timeoutMillis;
    this.deadlineMillis = timeoutMillis > 0 ? startMillis + timeoutMillis : Long.MAX_VALUE;
  }

  static StatementGuard of(DataContext root) {
    AtomicBoolean flag = root.get(DataContext.Variable.CANCEL_FLAG.camelName) instanceof AtomicBoolean b ? b : null;
    long timeout = root.get(DataContext.Variable.TIMEOUT.camelName) instanceof Number n ? n.longValue() : 0;
    // The statement's start only matters under a timeout (and reading it makes Calcite build its clock variables).
    long start = timeout <= 0 ? 0
        : root.get(DataContext.Variable.UTC_TIMESTAMP.camelName) instanceof Number n ? n.longValue()
            : System.currentTimeMillis();
    return new StatementGuard(flag, start, timeout);
  }

  /** Throws HY008 if the statement was cancelled, HYT00 if it ran out of time. */
  void check() {
    if (cancelled != null && cancelled.get()) {
      throw new SqlStateException("HY008", "statement cancelled");
    }
    if (deadlineMillis != Long.MAX_VALUE && ++checks % CLOCK_EVERY_ROWS == 0
        && System.currentTimeMillis() > deadlineMillis) {
      throw new SqlStateException("HYT00", "statement exceeded its query timeout of " + timeoutMillis / 1000.0
          + " s (Statement.setQueryTimeout)");
    }
  }
}
