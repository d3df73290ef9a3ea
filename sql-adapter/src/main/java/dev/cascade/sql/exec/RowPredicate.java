package dev.cascade.sql.exec;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.function.Function1;

/**
 * A pushed-down WHERE predicate over a full table row (Calcite's value representation), compiled by Calcite's own
 * expression compiler, so its semantics are exactly Calcite's: SQL three-valued logic, and a row passes only when
 * the predicate is TRUE (UNKNOWN and FALSE reject it). Parameters are read from the statement's
 * {@link DataContext}.
 *
 * <p>A scan's shards may run it in two parts ({@link #comparisons()}): the top-level AND terms that compare an
 * integer column with a constant, on the encoded row, and then the rest ({@link #residual()}) on the decoded row.
 *
 * <p>Immutable and thread-safe: the compiled function keeps no state, and each call gets its own row context.
 */
public final class RowPredicate {
  private final Function1<DataContext, Object[]> function;
  private final String text;
  private final int[] columns;
  private final int[] parameters;
  private final ColumnComparisons comparisons;
  private final RowPredicate residual;

  /**
   * {@code columns}: the positions of the row's columns the predicate reads; {@code parameters}: the indexes of
   * the {@code ?} parameters it reads.
   */
  public RowPredicate(Function1<DataContext, Object[]> function, String text, int[] columns, int[] parameters) {
    this(function, text, columns, parameters, null, null);
  }

  private RowPredicate(Function1<DataContext, Object[]> function, String text, int[] columns, int[] parameters,
      ColumnComparisons comparisons, RowPredicate residual) {
    this.function = function;
    this.text = text;
    this.columns = columns.clone();
    this.parameters = parameters.clone();
    this.comparisons = comparisons;
    this.residual = residual;
  }

  /**
   * This predicate, also split into {@code comparisons} (terms of its top-level AND that can be evaluated on the
   * encoded row) and {@code residual} (the AND of its other terms, or null when there are none).
   */
  public RowPredicate withComparisons(ColumnComparisons comparisons, RowPredicate residual) {
    return new RowPredicate(function, text, columns, parameters, comparisons, residual);
  }

  /** The terms that can be evaluated on the encoded row, or null when none were split off. */
  public ColumnComparisons comparisons() {
    return comparisons;
  }

  /** With {@link #comparisons()}: the AND of the other terms, or null when the comparisons are the whole predicate. */
  public RowPredicate residual() {
    return residual;
  }

  /** The indexes of the {@code ?} parameters the predicate reads. */
  public int[] parameters() {
    return parameters.clone();
  }

  /** The positions of the row's columns the predicate reads (a row needs only these decoded). */
  public int[] columns() {
    return columns.clone();
  }

  /** Whether {@code row} satisfies the predicate (is TRUE, not UNKNOWN or FALSE). */
  public boolean test(Object[] row, DataContext root) {
    Object[] result = function.apply(new RowContext(row, root));
    return Boolean.TRUE.equals(result[0]);
  }

  @Override
  public String toString() {
    return text;
  }
}
