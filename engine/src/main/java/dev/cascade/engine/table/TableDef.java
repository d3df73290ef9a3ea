package dev.cascade.engine.table;

import java.util.List;

/**
 * A table as the catalog records it. Immutable; every DDL produces a new one (with a higher
 * {@code schemaVersion} when the columns change).
 *
 * @param name table name (unique across the store)
 * @param tableId the key prefix of its rows and index entries; 0 is the catalog itself
 * @param schemaVersion bumped by ALTER TABLE ADD COLUMN; stored in every row value, so old rows decode
 * @param columns all columns in declaration order (a hidden {@link ColumnDef#ROW_ID} column comes last)
 * @param primaryKey positions in {@code columns} of the primary-key columns, in key order
 * @param partitionColumns how many leading primary-key columns form the partition key (1..primaryKey.length)
 * @param indexes the secondary indexes
 */
public record TableDef(String name, int tableId, int schemaVersion, List<ColumnDef> columns, int[] primaryKey,
    int partitionColumns, List<IndexDef> indexes) {

  /** Position of the named column, or -1. */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** True when the table was created without a primary key and is keyed by a hidden row id. */
  public boolean hasHiddenRowId() {
    return primaryKey.length == 1 && columns.get(primaryKey[0]).hidden();
  }
}
