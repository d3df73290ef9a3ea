package dev.cascade.sql.plan;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.RelNode;

/**
 * A relational expression that runs inside Cascade: a table scan and what was pushed into it (key ranges and filter,
 * projection, key order, offset and fetch, aggregate). A chain of them becomes one {@link
 * dev.cascade.sql.exec.ScanSpec} at {@link CascadeToEnumerableConverter}.
 */
public interface CascadeRel extends RelNode {
  /** The calling convention of Cascade's rels. */
  Convention CONVENTION = new Convention.Impl("CASCADE", CascadeRel.class);

  /** Adds this rel's part of the scan to {@code implementor}, after visiting its input. */
  void implement(CascadeImplementor implementor);

  /** The table being scanned. */
  dev.cascade.sql.CascadeTable cascadeTable();

  /** The table column each output field reads (meaningless above an aggregate). */
  int[] tableColumns();

  /** Whether rows come in primary-key order (not through a secondary index). */
  boolean primaryKeyOrder();

  /** Whether a sort, offset or fetch was pushed at or below this rel (nothing but a projection may follow). */
  boolean ordered();

  /** Whether an aggregate was pushed at or below this rel (nothing may follow). */
  boolean aggregated();
}
