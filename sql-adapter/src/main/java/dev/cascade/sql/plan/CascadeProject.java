package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlExplainLevel;

/**
 * A projection pushed into a Cascade scan: only field references (expressions stay in Calcite's Project above), so
 * the scan hands back only the columns the query uses.
 *
 * <p>Immutable.
 */
public final class CascadeProject extends Project implements CascadeRel {
  private final int[] tableColumns;
  private final boolean ordered;
  private final boolean primaryKeyOrder;
  private final CascadeTable table;

  private CascadeProject(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<? extends RexNode> projects,
      RelDataType rowType, int[] tableColumns, boolean ordered, boolean primaryKeyOrder, CascadeTable table) {
    super(cluster, traits, List.of(), input, projects, rowType, java.util.Set.of());
    this.tableColumns = tableColumns;
    this.ordered = ordered;
    this.primaryKeyOrder = primaryKeyOrder;
    this.table = table;
  }

  /** Projects the fields {@code projects} (input references only) of {@code input}. */
  static CascadeProject create(CascadeRel input, List<? extends RexNode> projects, RelDataType rowType) {
    int[] below = input.tableColumns();
    int[] columns = projects.stream().mapToInt(p -> below[((RexInputRef) p).getIndex()]).toArray();
    return new CascadeProject(input.getCluster(), input.getCluster().traitSetOf(CascadeRel.CONVENTION), input,
        projects, rowType, columns, input.ordered(), input.primaryKeyOrder(), input.cascadeTable());
  }

  @Override
  public Project copy(RelTraitSet traitSet, RelNode input, List<RexNode> projects, RelDataType rowType) {
    return new CascadeProject(getCluster(), traitSet, input, projects, rowType, tableColumns, ordered,
        primaryKeyOrder, table);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows * CascadeFilter.PUSHED_COST_FACTOR * getProjects().size()
        / Math.max(1, getInput().getRowType().getFieldCount()), 0, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = getInput().getRowType().getFieldNames();
    List<String> columns = getProjects().stream().map(p -> names.get(((RexInputRef) p).getIndex())).toList();
    if (pw.getDetailLevel() == SqlExplainLevel.DIGEST_ATTRIBUTES) {
      return super.explainTerms(pw);
    }
    return pw.input("input", getInput()).item("columns", String.join(", ", columns));
  }

  @Override
  public void implement(CascadeImplementor implementor) {
    implementor.visitChild(getInput());
    int[] below = implementor.columns;
    implementor.columns = getProjects().stream().mapToInt(p -> below[((RexInputRef) p).getIndex()]).toArray();
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
    return primaryKeyOrder;
  }

  @Override
  public boolean ordered() {
    return ordered;
  }

  @Override
  public boolean aggregated() {
    return false;
  }
}
