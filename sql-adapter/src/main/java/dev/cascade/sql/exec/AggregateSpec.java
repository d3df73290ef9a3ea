package dev.cascade.sql.exec;

import java.util.List;

/**
 * Aggregates without GROUP BY pushed into the shards: each shard folds the rows that pass the pushed filter into
 * thread-safe accumulators (through a filter that keeps nothing, so no row leaves a shard), and the caller reads the
 * one result row.
 *
 * @param calls the aggregate calls, in output order
 * @param text the calls for EXPLAIN
 *
 * <p>Immutable.
 */
public record AggregateSpec(List<Call> calls, String text) {

  /** What an aggregate call computes. */
  public enum Kind { COUNT_STAR, COUNT, SUM, SUM0, MIN, MAX }

  /**
   * One aggregate call.
   *
   * @param kind the function
   * @param column the table column it reads (-1 for COUNT(*))
   * @param resultClass the Java class of its result (Calcite's representation of the call's type)
   */
  public record Call(Kind kind, int column, Class<?> resultClass) {
  }

  public AggregateSpec {
    calls = List.copyOf(calls);
  }

  /** Whether every output is COUNT(*) (rows can be counted without decoding them). */
  public boolean onlyCountStar() {
    return calls.stream().allMatch(c -> c.kind() == Kind.COUNT_STAR);
  }

  @Override
  public String toString() {
    return text;
  }
}
