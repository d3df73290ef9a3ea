package dev.cascade.sql.exec;

/**
 * Aggregates without GROUP BY pushed into the shards: each shard counts the rows that pass the pushed filter (with a
 * filter that keeps nothing, so no row leaves a shard), and the caller sums the counts.
 *
 * @param countColumns per output column: -1 for COUNT(*), else the table column whose non-NULL values are counted
 * @param text the aggregate calls for EXPLAIN
 *
 * <p>Immutable.
 */
public record AggregateSpec(int[] countColumns, String text) {

  public AggregateSpec {
    countColumns = countColumns.clone();
  }

  /** Whether every output is COUNT(*) (rows can be counted without decoding them). */
  public boolean onlyCountStar() {
    for (int c : countColumns) {
      if (c >= 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
