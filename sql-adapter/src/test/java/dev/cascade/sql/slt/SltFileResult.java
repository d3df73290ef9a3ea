package dev.cascade.sql.slt;

import java.util.List;
import java.util.Map;

/**
 * What running one sqllogictest file gave (under a name that says which queries ran: {@code select3.test} for all,
 * {@code select3.test/4} for every fourth): queries passed and failed (timeouts and errors count as failed),
 * statements that failed, the first failures in file order, and how often each kind of failure occurred.
 *
 * <p>Immutable.
 */
public record SltFileResult(String file, int queries, int passed, int failed, int timedOut, int statementsFailed,
    List<SltFailure> firstFailures, Map<String, Integer> reasons, long elapsedMillis, long cpuMillis) {

  public SltFileResult {
    firstFailures = List.copyOf(firstFailures);
    reasons = Map.copyOf(reasons);
  }

  /** The most common failure reasons, most frequent first, as "count x reason". */
  public List<String> topReasons(int max) {
    return reasons.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(max)
        .map(e -> e.getValue() + " x " + e.getKey()).toList();
  }

  /** One line: counts and time. */
  public String summary() {
    return String.format("%s: %d/%d queries passed, %d failed (%d timed out), %d statements failed, %.1f s"
        + " (process CPU %.1f s)", file, passed, queries, failed, timedOut, statementsFailed, elapsedMillis / 1000.0,
        cpuMillis / 1000.0);
  }
}
