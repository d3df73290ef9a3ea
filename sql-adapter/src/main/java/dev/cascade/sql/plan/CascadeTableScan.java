package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * The scan of a Cascade table in Cascade's convention: all rows in primary-key order, all columns. Rules push
 * filters, projections, sorts, limits and aggregates into it ({@link CascadeRules}, registered when the scan is).
 *
 * <p>Immutable.
 */
public final class CascadeTableScan extends TableScan implements CascadeRel {
  private final CascadeTable cascadeTable;

  private CascadeTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, CascadeTable cascadeTable) {
    super(cluster, traits, List.of(), table);
    this.cascadeTable = cascadeTable;
  }

  /** The scan {@link CascadeTable#toRel} returns. */
  public static RelNode create(RelOptCluster cluster, RelOptTable relOptTable, CascadeTable table) {
    RelTraitSet traits = cluster.traitSetOf(CascadeRel.CONVENTION)
        .replaceIfs(RelCollationTraitDef.INSTANCE, () -> table.getStatistic().getCollations());
    return new CascadeTableScan(cluster, traits, relOptTable, table);
  }

  public CascadeTable cascadeTable() {
    return cascadeTable;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CascadeTableScan(getCluster(), traitSet, table, cascadeTable);
  }

  @Override
  public void register(RelOptPlanner planner) {
    CascadeRules.register(planner);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = estimateRowCount(mq);
    return planner.getCostFactory().makeCost(rows, rows, rows);
  }

  @Override
  public void implement(CascadeImplementor implementor) {
    implementor.table = cascadeTable;
    implementor.tableRowType = getRowType();
    implementor.columns = tableColumns();
  }

  @Override
  public int[] tableColumns() {
    return IntStream.range(0, getRowType().getFieldCount()).toArray();
  }

  @Override
  public boolean primaryKeyOrder() {
    return true;
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
