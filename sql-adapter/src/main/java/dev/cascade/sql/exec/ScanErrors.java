package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeException;
import dev.cascade.sql.SqlStateException;

/**
 * Turns engine errors met while scanning into SQL errors that name the table and the limit involved.
 *
 * <p>Stateless.
 */
final class ScanErrors {
  private ScanErrors() {
  }

  static RuntimeException translate(CascadeException e, String table) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("time limit")) {
      return new SqlStateException("HYT00", "the cursor over table " + table + " was open longer than its time limit ("
          + CascadeScan.cursorTimeLimitNanos() / 1_000_000 + " ms, system property "
          + CascadeScan.TIME_LIMIT_PROPERTY + "); re-run the query and read it to the end or close it sooner", e);
    }
    return new SqlStateException("58000", "reading table " + table + " failed: " + m, e);
  }
}
