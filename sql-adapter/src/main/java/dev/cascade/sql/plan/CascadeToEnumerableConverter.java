package dev.cascade.sql.plan;

import dev.cascade.sql.exec.ScanSpec;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.ConventionTraitDef;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterImpl;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

/**
 * Where a plan leaves Cascade for Calcite's enumerable convention: walks the chain of {@link CascadeRel}s below it
 * into one {@link ScanSpec} (compiling the pushed filter) and generates a call of {@link CascadeMethod#SCAN} (or
 * {@link CascadeMethod#AGGREGATE}) with it. Rows are {@code Object[]} ({@link JavaRowFormat#ARRAY}), or the bare
 * value when there is one column ({@link JavaRowFormat#SCALAR}, as Calcite's own enumerable rels expect).
 *
 * <p>Immutable.
 */
public final class CascadeToEnumerableConverter extends ConverterImpl implements EnumerableRel {

  CascadeToEnumerableConverter(RelOptCluster cluster, RelTraitSet traits, RelNode input) {
    super(cluster, ConventionTraitDef.INSTANCE, traits, input);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new CascadeToEnumerableConverter(getCluster(), traitSet, sole(inputs));
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    RelOptCost cost = super.computeSelfCost(planner, mq);
    return cost == null ? null : cost.multiplyBy(.1);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        pref.prefer(JavaRowFormat.ARRAY));
    ScanSpec spec = spec(physType.getFormat() == JavaRowFormat.SCALAR);
    BlockBuilder list = new BlockBuilder();
    Expression specExpression = implementor.stash(spec, ScanSpec.class);
    CascadeMethod method = spec.aggregate() == null ? CascadeMethod.SCAN : CascadeMethod.AGGREGATE;
    Expression enumerable = list.append("enumerable",
        Expressions.call(method.method, DataContext.ROOT, specExpression));
    list.add(Expressions.return_(null, enumerable));
    return implementor.result(physType, list.toBlock());
  }

  /** The scan the Cascade rels below ask for; {@code scalar}: one column, returned bare rather than in an array. */
  ScanSpec spec(boolean scalar) {
    CascadeImplementor c = new CascadeImplementor();
    c.visitChild(getInput());
    return new ScanSpec(c.table, c.index, c.keys,
        c.filter == null ? null : FilterCompiler.compile(getCluster().getRexBuilder(), c.filter, c.tableRowType,
            c.table.codec()),
        c.columns, c.descending, c.offset, c.fetch, c.aggregate, scalar);
  }
}
