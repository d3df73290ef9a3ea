package dev.cascade.sql.dml;

import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexNode;

/**
 * A write to a Cascade table before planning (convention NONE), as {@code CascadeTable.toModificationRel} creates it
 * for INSERT and UPSERT. It carries the UPSERT flag that Calcite's own modify rel has no room for, and registering
 * it registers {@link CascadeTableModifyRule}, so it is planned on every entry path (the driver and model.json).
 *
 * <p>Immutable.
 */
public final class CascadeLogicalTableModify extends TableModify {
  private final boolean upsert;

  CascadeLogicalTableModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      Prepare.CatalogReader catalogReader, RelNode input, Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened, boolean upsert) {
    super(cluster, traits, table, catalogReader, input, operation, updateColumnList, sourceExpressionList, flattened);
    this.upsert = upsert;
  }

  static CascadeLogicalTableModify create(RelOptCluster cluster, RelOptTable table,
      Prepare.CatalogReader catalogReader, RelNode input, Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened) {
    return new CascadeLogicalTableModify(cluster, cluster.traitSetOf(Convention.NONE), table, catalogReader, input,
        operation, updateColumnList, sourceExpressionList, flattened, false);
  }

  /** True when the statement was UPSERT: insert, or replace the row with the same primary key. */
  public boolean upsert() {
    return upsert;
  }

  /** The same write with UPSERT semantics (INSERT only). */
  public CascadeLogicalTableModify asUpsert() {
    if (getOperation() != Operation.INSERT) {
      throw new IllegalStateException("only an INSERT can become an UPSERT, not " + getOperation());
    }
    return new CascadeLogicalTableModify(getCluster(), getTraitSet(), getTable(), getCatalogReader(), getInput(),
        getOperation(), getUpdateColumnList(), getSourceExpressionList(), isFlattened(), true);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CascadeLogicalTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs),
        getOperation(), getUpdateColumnList(), getSourceExpressionList(), isFlattened(), upsert);
  }

  @Override
  public void register(RelOptPlanner planner) {
    CascadeTableModifyRule.register(planner);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).itemIf("upsert", true, upsert);
  }
}
