package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import dev.cascade.sql.exec.Operand;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * ORDER BY on a prefix of the primary key (all ascending, or all descending: the scan then runs backwards), and
 * OFFSET/FETCH, pushed into a Cascade scan. No sorting happens: the shards' streams are merged in key order; each
 * shard stops after offset+fetch rows and the offset is skipped after the merge.
 *
 * <p>Immutable.
 */
public final class CascadeSort extends Sort implements CascadeRel {
  private final int[] tableColumns;
  private final CascadeTable table;

  CascadeSort(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelCollation collation, RexNode offset,
      RexNode fetch, int[] tableColumns, CascadeTable table) {
    super(cluster, traits, input, collation, offset, fetch);
    this.tableColumns = tableColumns;
    this.table = table;
  }

  @Override
  public Sort copy(RelTraitSet traitSet, RelNode input, RelCollation collation, RexNode offset, RexNode fetch) {
    return new CascadeSort(getCluster(), traitSet, input, collation, offset, fetch, tableColumns, table);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeCost(1, 1, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    pw.input("input", getInput());
    if (!getCollation().getFieldCollations().isEmpty()) {
      java.util.List<String> names = getInput().getRowType().getFieldNames();
      pw.item("order", getCollation().getFieldCollations().stream()
          .map(f -> names.get(f.getFieldIndex()) + " " + (descending() ? "DESC" : "ASC")).toList());
    }
    return pw.itemIf("offset", offset, offset != null).itemIf("fetch", fetch, fetch != null);
  }

  private boolean descending() {
    return getCollation().getFieldCollations().stream().anyMatch(f -> f.getDirection().isDescending());
  }

  @Override
  public void implement(CascadeImplementor implementor) {
    implementor.visitChild(getInput());
    if (!getCollation().getFieldCollations().isEmpty()) {
      implementor.descending = descending();
    }
    implementor.offset = operand(offset);
    implementor.fetch = operand(fetch);
  }

  static Operand operand(RexNode e) {
    return switch (e) {
      case null -> null;
      case RexLiteral l -> Operand.literal(l.getValueAs(Long.class));
      case RexDynamicParam p -> Operand.param(p.getIndex());
      default -> throw new IllegalArgumentException("OFFSET/FETCH must be a literal or a parameter: " + e);
    };
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
    return true;
  }

  @Override
  public boolean aggregated() {
    return false;
  }
}
