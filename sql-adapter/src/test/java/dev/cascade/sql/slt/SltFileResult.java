package dev.cascade.sql.slt;

import java.util.List;

/**
 * What running one sqllogictest file gave: queries passed and failed (timeouts and errors count as failed),
 * statements that failed, and the first failures in file order.
 *
 * <p>Immutable.
 */
public record SltFileResult(String file, int queries, int passed, int failed, int timedOut, int statementsFailed,
    List<SltFailure> firstFailures, long elapsedMillis) {

  public SltFileResult {
    firstFailures = List.copyOf(firstFailures);
  }

  /** One line: counts and time. */
  public String summary() {
    return String.format("%s: %d/%d queries passed, %d failed (%d timed out), %d statements failed, %.1f s",
        file, passed, queries, failed, timedOut, statementsFailed, elapsedMillis / 1000.0);
  }
}
