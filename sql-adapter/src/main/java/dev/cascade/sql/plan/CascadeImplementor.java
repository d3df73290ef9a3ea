package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import dev.cascade.sql.exec.AggregateSpec;
import dev.cascade.sql.exec.KeyPlan;
import dev.cascade.sql.exec.Operand;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexNode;

/**
 * Collects, while walking a chain of {@link CascadeRel}s bottom-up, what the scan must do; the converter turns it
 * into a {@link dev.cascade.sql.exec.ScanSpec}.
 *
 * <p>Owned by one {@link CascadeToEnumerableConverter#implement} call.
 */
public final class CascadeImplementor {
  CascadeTable table;
  /** The row type of the whole table (what the filter reads). */
  org.apache.calcite.rel.type.RelDataType tableRowType;
  /** The secondary index read, or null for the primary key. */
  dev.cascade.engine.table.IndexDef index;
  KeyPlan keys;
  /** The pushed residual predicate over full table rows, or null. */
  RexNode filter;
  /** The table column of each current output field. */
  int[] columns;
  boolean descending;
  Operand offset;
  Operand fetch;
  AggregateSpec aggregate;

  void visitChild(RelNode input) {
    ((CascadeRel) input).implement(this);
  }
}
