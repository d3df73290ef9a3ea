package dev.cascade.engine.table;

/**
 * What the optimizer knows of a table: an estimated row count (maintained by the SQL layer's writes, persisted by
 * the catalog, approximate after a crash).
 */
public record TableStats(long rowCount) {
}
