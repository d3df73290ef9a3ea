package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;

/** What the optimizer is told about a table (row count, keys, collation). */
public final class CascadeStatistics {
  private CascadeStatistics() {
  }

  public static Statistic of(CascadeTable table) {
    return Statistics.UNKNOWN;
  }
}
