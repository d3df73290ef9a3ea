package dev.cascade.sql.plan;

import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * The optimizer program of the driver: Calcite's standard program, preceded, for queries joining
 * {@link #TABLES_MIN} tables or more, by a heuristic join order. Calcite's standard program keeps the joins in
 * FROM-clause order (its join-reordering rules are off, or planning would explode), so {@code FROM a, b, c WHERE
 * a.x = c.x AND ...} would plan a cross product of a and b. Here the WHERE conjuncts are first pushed into the
 * joins, the joins are gathered into one multi-join, and {@code LoptOptimizeJoinRule} orders it greedily by the
 * row counts and selectivities the statistics give ({@link CascadeStatistics}): planning stays bounded however
 * many tables are joined.
 *
 * <p>Immutable; thread-safe.
 */
public final class JoinOrder {
  /** Queries joining at least this many tables are reordered. */
  public static final int TABLES_MIN = 3;

  private static final HepProgram REORDER = new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleCollection(java.util.List.of(CoreRules.FILTER_INTO_JOIN, CoreRules.JOIN_CONDITION_PUSH))
      .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
      .build();

  /** The program: sub-queries removed and decorrelated, joins reordered, then Calcite's standard program. */
  public static final Program PROGRAM = Programs.sequence(
      Programs.subQuery(DefaultRelMetadataProvider.INSTANCE),
      Programs.decorrelate(),
      (planner, rel, traits, materializations, lattices) -> RelOptUtil.countJoins(rel) < TABLES_MIN - 1 ? rel
          : Programs.of(REORDER, false, DefaultRelMetadataProvider.INSTANCE)
              .run(planner, rel, traits, materializations, lattices),
      Programs.standard());

  private JoinOrder() {
  }
}
