package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import dev.cascade.sql.exec.KeyPlan;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * A WHERE clause pushed into a Cascade table scan: key ranges over the leading primary-key columns (or point lookups
 * when the whole key is fixed), routed to one shard per partition-key value when the partition key is fixed, and a
 * residual predicate the shards evaluate on each row. Its condition is exactly what it enforces.
 *
 * <p>Immutable.
 */
public final class CascadeFilter extends Filter implements CascadeRel {
  private final KeyPlan keys;
  private final RexNode residual;
  private final boolean singleShard;
  private final int[] tableColumns;
  private final CascadeTable table;

  CascadeFilter(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexNode condition, KeyPlan keys,
      RexNode residual, boolean singleShard, int[] tableColumns, CascadeTable table) {
    super(cluster, traits, input, condition);
    this.keys = keys;
    this.residual = residual;
    this.singleShard = singleShard;
    this.tableColumns = tableColumns;
    this.table = table;
  }

  public KeyPlan keys() {
    return keys;
  }

  public RexNode residual() {
    return residual;
  }

  @Override
  public Filter copy(RelTraitSet traitSet, RelNode input, RexNode condition) {
    return new CascadeFilter(getCluster(), traitSet, input, condition, keys, residual, singleShard, tableColumns, table);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(estimateRowCount(mq), rows * 0.01, 0);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    if (keys != null) {
      rows = keys.pointLookup() ? Math.min(rows, pointCount()) : rows * 0.1;
    }
    return Math.max(1, residual == null ? rows : rows * 0.5);
  }

  private double pointCount() {
    double n = 1;
    for (var c : keys.columns()) {
      n *= c instanceof dev.cascade.sql.exec.KeyCondition.AnyOf a ? a.parts().size() : 1;
    }
    return n;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    pw.input("input", getInput());
    if (keys != null) {
      pw.item(keys.pointLookup() ? "lookup" : "range", "[" + keys + "]");
      pw.itemIf("shard", "by partition key", singleShard);
    }
    return pw.itemIf("filter", residual, residual != null);
  }

  @Override
  public void implement(CascadeImplementor implementor) {
    implementor.visitChild(getInput());
    implementor.keys = keys;
    implementor.filter = residual;
  }

  @Override
  public CascadeTable cascadeTable() {
    return table;
  }

  @Override
  public int[] tableColumns() {
    return tableColumns.clone();
  }

  @Override
  public boolean ordered() {
    return false;
  }

  @Override
  public boolean aggregated() {
    return false;
  }
}
