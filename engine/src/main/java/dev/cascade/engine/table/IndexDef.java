package dev.cascade.engine.table;

/**
 * A secondary index. Non-unique indexes are local (entries on the row's shard, keyed by index columns then
 * primary key); UNIQUE indexes are global (partitioned by the indexed value) and written in the same atomic batch
 * as the row. See {@code engine/docs/table-format.md}.
 *
 * @param name index name (unique across the store)
 * @param indexId 1..255 within its table; 0 is the primary key
 * @param columns positions of the indexed columns in the table's column list
 * @param unique whether the index enforces uniqueness (rows with a NULL in an indexed column never conflict)
 */
public record IndexDef(String name, int indexId, int[] columns, boolean unique) {
}
