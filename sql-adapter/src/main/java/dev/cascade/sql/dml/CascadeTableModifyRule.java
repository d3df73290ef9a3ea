package dev.cascade.sql.dml;

import dev.cascade.sql.CascadeTable;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.adapter.enumerable.EnumerableTableModifyRule;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;

/**
 * Plans every logical write to a Cascade table (Calcite's own LogicalTableModify, which UPDATE, DELETE and MERGE
 * produce, and {@link CascadeLogicalTableModify}) as a {@link CascadeTableModify}. Calcite's stock rule would also
 * turn a LogicalTableModify into an EnumerableTableModify (which cannot UPDATE or MERGE, and wins on cost when the
 * estimated row count is below one), so {@link #register} swaps it for a copy that skips Cascade tables; writes to
 * other tables of the same connection (model.json) are planned as before.
 *
 * <p>Immutable; thread-safe.
 */
public final class CascadeTableModifyRule extends ConverterRule {
  public static final CascadeTableModifyRule INSTANCE = Config.INSTANCE
      .withConversion(TableModify.class, (TableModify m) -> m.getTable().unwrap(CascadeTable.class) != null,
          Convention.NONE, EnumerableConvention.INSTANCE, "CascadeTableModifyRule")
      .withRuleFactory(CascadeTableModifyRule::new)
      .toRule(CascadeTableModifyRule.class);

  /** Calcite's EnumerableTableModifyRule, for every table but Cascade's. */
  static final RelOptRule STOCK_RULE_EXCEPT_CASCADE = EnumerableTableModifyRule.DEFAULT_CONFIG
      .withConversion(LogicalTableModify.class,
          (LogicalTableModify m) -> m.getTable().unwrap(CascadeTable.class) == null, Convention.NONE,
          EnumerableConvention.INSTANCE, "EnumerableTableModificationRule(except Cascade tables)")
      .toRule();

  private CascadeTableModifyRule(Config config) {
    super(config);
  }

  /**
   * Adds the rule to {@code planner} and swaps Calcite's stock modify rule for {@link #STOCK_RULE_EXCEPT_CASCADE}
   * (idempotent). Called wherever a Cascade table enters a plan, before the planner runs any rule.
   */
  public static void register(RelOptPlanner planner) {
    planner.addRule(INSTANCE);
    if (planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE)) {
      planner.addRule(STOCK_RULE_EXCEPT_CASCADE);
    }
  }

  @Override
  public RelNode convert(RelNode rel) {
    TableModify modify = (TableModify) rel;
    boolean upsert = modify instanceof CascadeLogicalTableModify c && c.upsert();
    // Calcite's converter writes every source row of a MERGE without WHEN MATCHED, matched or not; the driver's
    // converter (CascadeSqlToRelConverter) filters the matched rows out and hands over a CascadeLogicalTableModify.
    String refusal = modify.getOperation() == TableModify.Operation.MERGE && modify.getUpdateColumnList().isEmpty()
        && !(modify instanceof CascadeLogicalTableModify)
        ? "MERGE without WHEN MATCHED into Cascade table " + modify.getTable().getQualifiedName()
            + " needs a jdbc:cascade: connection (this connection's planner would insert matched rows too)"
        : null;
    RelNode input = modify.getInput();
    return new CascadeTableModify(modify.getCluster(), modify.getTraitSet().replace(EnumerableConvention.INSTANCE),
        modify.getTable(), modify.getCatalogReader(),
        convert(input, input.getTraitSet().replace(EnumerableConvention.INSTANCE)), modify.getOperation(),
        modify.getUpdateColumnList(), modify.getSourceExpressionList(), modify.isFlattened(), upsert, refusal);
  }
}
