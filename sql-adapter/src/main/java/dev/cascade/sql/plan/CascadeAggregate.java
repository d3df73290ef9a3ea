package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import dev.cascade.sql.exec.AggregateSpec;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;

/**
 * COUNT(*), COUNT(column) and SUM/MIN/MAX over exact numeric columns, without GROUP BY, computed inside the shards:
 * each shard folds what passes the pushed filter and nothing but the result leaves it.
 *
 * <p>Not a {@link org.apache.calcite.rel.SingleRel}: Calcite's row-count metadata gives a single-input rel its
 * input's row count, which would make the one result row cost as much to hand over as the whole table, and the
 * planner would then keep the aggregate in Calcite for a large table. As a plain rel its count is
 * {@link #estimateRowCount}: one.
 *
 * <p>Immutable.
 */
public final class CascadeAggregate extends AbstractRelNode implements CascadeRel {
  private final AggregateSpec aggregate;
  private final CascadeTable table;
  private RelNode input;

  CascadeAggregate(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelDataType rowType,
      AggregateSpec aggregate, CascadeTable table) {
    super(cluster, traits);
    this.input = input;
    this.rowType = rowType;
    this.aggregate = aggregate;
    this.table = table;
  }

  public RelNode getInput() {
    return input;
  }

  @Override
  public List<RelNode> getInputs() {
    return List.of(input);
  }

  @Override
  public void replaceInput(int ordinalInParent, RelNode p) {
    if (ordinalInParent != 0) {
      throw new IndexOutOfBoundsException("input " + ordinalInParent + " of a single-input rel");
    }
    this.input = p;
    recomputeDigest();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CascadeAggregate(getCluster(), traitSet, sole(inputs), rowType, aggregate, table);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return 1;
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows * CascadeFilter.PUSHED_COST_FACTOR, 0, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).input("input", input).item("aggregate", aggregate.text())
        .itemIf("calls", aggregate.calls().toString(),
            pw.getDetailLevel() == org.apache.calcite.sql.SqlExplainLevel.DIGEST_ATTRIBUTES);
  }

  @Override
  public void implement(CascadeImplementor implementor) {
    implementor.visitChild(getInput());
    implementor.aggregate = aggregate;
  }

  @Override
  public CascadeTable cascadeTable() {
    return table;
  }

  @Override
  public int[] tableColumns() {
    return new int[0];
  }

  @Override
  public boolean primaryKeyOrder() {
    return false;
  }

  @Override
  public boolean ordered() {
    return false;
  }

  @Override
  public boolean aggregated() {
    return true;
  }
}
