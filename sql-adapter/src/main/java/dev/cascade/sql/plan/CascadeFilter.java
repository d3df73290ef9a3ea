package dev.cascade.sql.plan;

import dev.cascade.engine.table.IndexDef;
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
import org.apache.calcite.sql.SqlExplainLevel;

/**
 * A WHERE clause pushed into a Cascade table scan: key ranges over the leading primary-key columns (or point lookups
 * when the whole key is fixed), routed to one shard per partition-key value when the partition key is fixed, and a
 * residual predicate the shards evaluate on each row. Its condition is exactly what it enforces.
 *
 * <p>Immutable.
 */
public final class CascadeFilter extends Filter implements CascadeRel {
  /**
   * The cost of work pushed into a scan, relative to its input's row count: small, so the planner always prefers
   * a pushed plan to doing the same work above the scan (Volcano compares costs by row count).
   */
  static final double PUSHED_COST_FACTOR = 0.01;

  private final IndexDef index;
  private final KeyPlan keys;
  private final RexNode residual;
  private final boolean singleShard;
  private final int[] tableColumns;
  private final CascadeTable table;

  CascadeFilter(RelOptCluster cluster, RelTraitSet traits, RelNode input, RexNode condition, IndexDef index,
      KeyPlan keys, RexNode residual, boolean singleShard, int[] tableColumns, CascadeTable table) {
    super(cluster, traits, input, condition);
    this.index = index;
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
    return new CascadeFilter(getCluster(), traitSet, input, condition, index, keys, residual, singleShard,
        tableColumns, table);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows * PUSHED_COST_FACTOR, rows * PUSHED_COST_FACTOR, 0);
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    double rows = super.estimateRowCount(mq);
    return keys != null && keys.pointLookup() ? Math.min(rows, pointCount()) : rows;
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
    pw.itemIf("index", index == null ? "" : index.name(), index != null);
    if (keys != null) {
      pw.item(keys.pointLookup() ? "lookup" : "range", keys.toString());
      pw.itemIf("shard", "by partition key", singleShard);
    }
    return pw.itemIf("filter", residual, residual != null)
        .itemIf("condition", condition, pw.getDetailLevel() == SqlExplainLevel.DIGEST_ATTRIBUTES);
  }

  @Override
  public void implement(CascadeImplementor implementor) {
    implementor.visitChild(getInput());
    implementor.index = index;
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
  public boolean primaryKeyOrder() {
    return index == null;
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
