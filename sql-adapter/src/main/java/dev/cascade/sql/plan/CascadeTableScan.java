package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;

/** The scan of a Cascade table, with what was pushed into it. */
public final class CascadeTableScan {
  private CascadeTableScan() {
  }

  public static RelNode create(RelOptCluster cluster, RelOptTable relOptTable, CascadeTable table) {
    throw new UnsupportedOperationException("scan not built yet");
  }
}
