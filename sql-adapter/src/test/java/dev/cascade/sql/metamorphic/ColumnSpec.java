package dev.cascade.sql.metamorphic;

/**
 * One column of a random table. Key columns are never null.
 *
 * <p>Immutable.
 */
record ColumnSpec(String name, ColumnKind kind, boolean key) {
}
