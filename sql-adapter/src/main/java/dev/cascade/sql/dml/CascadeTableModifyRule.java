package dev.cascade.sql.dml;

import dev.cascade.sql.CascadeTable;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableModify;

/**
 * Plans every logical write to a Cascade table (Calcite's own LogicalTableModify, which UPDATE, DELETE and MERGE
 * produce, and {@link CascadeLogicalTableModify}) as a {@link CascadeTableModify}. Calcite's stock rule also turns a
 * LogicalTableModify into an EnumerableTableModify, which cannot UPDATE or MERGE; ours costs less, so it wins.
 *
 * <p>Immutable; thread-safe.
 */
public final class CascadeTableModifyRule extends ConverterRule {
  public static final CascadeTableModifyRule INSTANCE = Config.INSTANCE
      .withConversion(TableModify.class, (TableModify m) -> m.getTable().unwrap(CascadeTable.class) != null,
          Convention.NONE, EnumerableConvention.INSTANCE, "CascadeTableModifyRule")
      .withRuleFactory(CascadeTableModifyRule::new)
      .toRule(CascadeTableModifyRule.class);

  private CascadeTableModifyRule(Config config) {
    super(config);
  }

  /** Adds the rule to {@code planner} (idempotent); called wherever a Cascade table enters a plan. */
  public static void register(RelOptPlanner planner) {
    planner.addRule(INSTANCE);
  }

  @Override
  public RelNode convert(RelNode rel) {
    TableModify modify = (TableModify) rel;
    boolean upsert = modify instanceof CascadeLogicalTableModify c && c.upsert();
    RelNode input = modify.getInput();
    return new CascadeTableModify(modify.getCluster(), modify.getTraitSet().replace(EnumerableConvention.INSTANCE),
        modify.getTable(), modify.getCatalogReader(),
        convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE)), modify.getOperation(),
        modify.getUpdateColumnList(), modify.getSourceExpressionList(), modify.isFlattened(), upsert);
  }
}
