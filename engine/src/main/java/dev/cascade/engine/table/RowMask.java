package dev.cascade.engine.table;

import java.util.List;

/**
 * Which columns of a table's rows to decode: {@link TableCodec#decodeRow(byte[], byte[], RowMask)} skips the others
 * (they read as null) and stops reading a value after its last wanted column, so a scan filtered on one small
 * column does not materialise every string of every row it rejects.
 *
 * <p>Immutable.
 */
public final class RowMask {
  private final boolean[] wanted;
  /** Non-key columns (in value order) to read before stopping: one past the last wanted one. */
  private final int valueColumns;
  private final boolean anyKeyColumn;

  private RowMask(boolean[] wanted, int valueColumns, boolean anyKeyColumn) {
    this.wanted = wanted;
    this.valueColumns = valueColumns;
    this.anyKeyColumn = anyKeyColumn;
  }

  /** The mask of {@code columns} (positions in {@code table.columns()}) of {@code table}. */
  public static RowMask of(TableDef table, int[] columns) {
    List<ColumnDef> all = table.columns();
    boolean[] wanted = new boolean[all.size()];
    for (int c : columns) {
      if (c < 0 || c >= wanted.length) {
        throw new IllegalArgumentException("column " + c + " is not a column of table " + table.name());
      }
      wanted[c] = true;
    }
    boolean anyKey = false;
    for (int k : table.primaryKey()) {
      anyKey |= wanted[k];
    }
    int[] nonKey = TableCodec.nonKeyColumns(table);
    int stop = 0;
    for (int i = 0; i < nonKey.length; i++) {
      if (wanted[nonKey[i]]) {
        stop = i + 1;
      }
    }
    return new RowMask(wanted, stop, anyKey);
  }

  @Override
  public String toString() {
    return "RowMask[" + java.util.Arrays.toString(wanted) + ", valueColumns=" + valueColumns + "]";
  }

  boolean wants(int column) {
    return wanted[column];
  }

  int valueColumns() {
    return valueColumns;
  }

  boolean anyKeyColumn() {
    return anyKeyColumn;
  }
}
