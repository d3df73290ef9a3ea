package dev.cascade.sql.dml;

import dev.cascade.sql.CascadeTable;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;

/**
 * INSERT, UPSERT, UPDATE, DELETE and MERGE on a Cascade table, in the enumerable convention. Its generated code
 * hands the input rows to {@link StatementWriter}, which reads them at one snapshot under the store's write lock,
 * checks them and commits one atomic batch; the result is the affected row count.
 *
 * <p>Immutable.
 */
public final class CascadeTableModify extends TableModify implements EnumerableRel {
  private final boolean upsert;
  private final String refusal;

  /** {@code refusal}: why this write cannot run as planned (it fails with 0A000 when implemented), or null. */
  CascadeTableModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode input, Operation operation, List<String> updateColumnList, List<RexNode> sourceExpressionList,
      boolean flattened, boolean upsert, String refusal) {
    super(cluster, traits, table, catalogReader, input, operation, updateColumnList, sourceExpressionList, flattened);
    this.upsert = upsert;
    this.refusal = refusal;
  }

  /**
   * The modification rel of a Cascade table ({@code CascadeTable.toModificationRel}): a logical rel that
   * {@link CascadeTableModifyRule} turns into this one.
   */
  public static TableModify create(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode child, TableModify.Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened, CascadeTable cascadeTable) {
    CascadeLogicalTableModify modify = CascadeLogicalTableModify.create(cluster, table, catalogReader, child,
        operation, updateColumnList, sourceExpressionList, flattened);
    return operation == TableModify.Operation.INSERT && UpsertMarker.converting() ? modify.asUpsert() : modify;
  }

  public boolean upsert() {
    return upsert;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CascadeTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs),
        getOperation(), getUpdateColumnList(), getSourceExpressionList(), isFlattened(), upsert, refusal);
  }

  /** Far below Calcite's EnumerableTableModify (whose alternative must never be chosen). */
  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    return planner.getCostFactory().makeTinyCost();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).itemIf("upsert", true, upsert);
  }

  /** Whether {@code rel} is built from VALUES alone (literals and parameters), reading no table. */
  private static boolean readsNoTable(RelNode rel) {
    if (rel.getInputs().isEmpty()) {
      return rel instanceof Values;
    }
    for (RelNode input : rel.getInputs()) {
      if (!readsNoTable(input)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.SCALAR);
    if (refusal != null) {
      // Thrown when the statement runs: an exception thrown while implementing loses its SQLSTATE.
      return implementor.result(physType, Expressions.block(Expressions.return_(null,
          Expressions.call(DmlMethod.REFUSE.method, Expressions.constant(refusal)))));
    }
    CascadeTable table = getTable().unwrap(CascadeTable.class);
    ModifyPlan plan = ModifyPlan.of(table.store(), table.def(), WriteKind.of(getOperation(), upsert),
        getUpdateColumnList(), readsNoTable(getInput()));
    BlockBuilder builder = new BlockBuilder();
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression rows = builder.append("rows", input.block);
    boolean scalarRows = input.physType.getFormat() == JavaRowFormat.SCALAR;
    if (!scalarRows) {
      rows = builder.append("arrays", input.physType.convertTo(rows, JavaRowFormat.ARRAY));
    }
    Expression planExpression = implementor.stash(plan, ModifyPlan.class);
    builder.add(Expressions.return_(null, Expressions.call(DmlMethod.EXECUTE.method, planExpression, rows,
        Expressions.constant(scalarRows))));
    return implementor.result(physType, builder.toBlock());
  }
}
