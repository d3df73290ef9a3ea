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

/**
 * A projection pushed into a Cascade scan: only field references (expressions stay in Calcite's Project above), so
 * the scan hands back only the columns the query uses.
 *
 * <p>Immutable.
 */
public final class CascadeProject extends Project implements CascadeRel {
  private final int[] tableColumns;
  private final boolean ordered;
  private final CascadeTable table;

  private CascadeProject(RelOptCluster cluster, RelTraitSet traits, RelNode input, List<? extends RexNode> projects,
      RelDataType rowType, int[] tableColumns, boolean ordered, CascadeTable table) {
    super(cluster, traits, List.of(), input, projects, rowType, java.util.Set.of());
    this.tableColumns = tableColumns;
    this.ordered = ordered;
    this.table = table;
  }

  /** Projects the fields {@code projects} (input references only) of {@code input}. */
  static CascadeProject create(CascadeRel input, List<? extends RexNode> projects, RelDataType rowType) {
    int[] below = input.tableColumns();
    int[] columns = projects.stream().mapToInt(p -> below[((RexInputRef) p).getIndex()]).toArray();
    return new CascadeProject(input.getCluster(), input.getCluster().traitSetOf(CascadeRel.CONVENTION), input,
        projects, rowType, columns, input.ordered(), input.cascadeTable());
  }

  @Override
  public Project copy(RelTraitSet traitSet, RelNode input, List<RexNode> projects, RelDataType rowType) {
    return new CascadeProject(getCluster(), traitSet, input, projects, rowType, tableColumns, ordered, table);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(0.1);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = getInput().getRowType().getFieldNames();
    List<String> columns = getProjects().stream().map(p -> names.get(((RexInputRef) p).getIndex())).toList();
    return pw.input("input", getInput()).item("columns", columns);
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
  public boolean ordered() {
    return ordered;
  }

  @Override
  public boolean aggregated() {
    return false;
  }
}
