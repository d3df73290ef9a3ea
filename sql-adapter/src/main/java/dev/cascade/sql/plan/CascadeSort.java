package dev.cascade.sql.plan;

import dev.cascade.sql.CascadeTable;
import dev.cascade.sql.exec.Operand;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlExplainLevel;

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
  private final boolean primaryKeyOrder;

  CascadeSort(RelOptCluster cluster, RelTraitSet traits, RelNode input, RelCollation collation, RexNode offset,
      RexNode fetch, int[] tableColumns, boolean primaryKeyOrder, CascadeTable table) {
    super(cluster, traits, input, collation, offset, fetch);
    this.tableColumns = tableColumns;
    this.table = table;
    this.primaryKeyOrder = primaryKeyOrder;
  }

  /** Orders (by a primary-key prefix) and limits {@code input}. */
  static CascadeSort create(CascadeRel input, RelCollation collation, RexNode offset, RexNode fetch) {
    return new CascadeSort(input.getCluster(),
        input.getCluster().traitSetOf(CascadeRel.CONVENTION).replaceIf(RelCollationTraitDef.INSTANCE, () -> collation),
        input, collation, offset, fetch, input.tableColumns(), input.primaryKeyOrder(), input.cascadeTable());
  }

  /** This key order with an OFFSET/FETCH added. */
  CascadeSort withLimit(RexNode offset, RexNode fetch) {
    return new CascadeSort(getCluster(), getTraitSet(), getInput(), getCollation(), offset, fetch, tableColumns,
        primaryKeyOrder, table);
  }

  @Override
  public Sort copy(RelTraitSet traitSet, RelNode input, RelCollation collation, RexNode offset, RexNode fetch) {
    return new CascadeSort(getCluster(), traitSet, input, collation, offset, fetch, tableColumns, primaryKeyOrder,
        table);
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows * CascadeFilter.PUSHED_COST_FACTOR, 0, 0);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    if (pw.getDetailLevel() == SqlExplainLevel.DIGEST_ATTRIBUTES) {
      return super.explainTerms(pw);
    }
    pw.input("input", getInput());
    if (!getCollation().getFieldCollations().isEmpty()) {
      java.util.List<String> names = getInput().getRowType().getFieldNames();
      pw.item("order", String.join(", ", getCollation().getFieldCollations().stream()
          .map(f -> names.get(f.getFieldIndex()) + " " + (descending() ? "DESC" : "ASC")).toList()));
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
  public boolean primaryKeyOrder() {
    return primaryKeyOrder;
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
