package dev.cascade.sql.dml;

/**
 * One row a statement changes, in engine values and table column order: {@code oldRow} is removed (null for an
 * insert), {@code newRow} is written (null for a delete). An update is both.
 *
 * <p>Immutable by convention: the arrays are not modified after construction.
 */
record RowChange(Object[] oldRow, Object[] newRow) {
}
