package dev.cascade.sql.dml;

import dev.cascade.engine.table.Catalog;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;

/**
 * Reads the input rows of a modify rel into {@link RowChange}s. The layouts are SqlToRelConverter's:
 * <ul>
 *   <li>INSERT, UPSERT: the new row (n columns, defaults already filled in; a hidden row id is assigned here);</li>
 *   <li>DELETE: the old row (n columns);</li>
 *   <li>UPDATE: the old row, then the k new values of the SET columns;</li>
 *   <li>MERGE: the n insert values (with WHEN NOT MATCHED), the n columns of the target row (all NULL when the
 *       source row matched nothing), then the k SET values (with WHEN MATCHED).</li>
 * </ul>
 *
 * <p>Owned by the statement's thread.
 */
final class ChangeReader {
  private final TableDef table;
  private final Catalog catalog;
  private final WriteKind kind;
  private final int[] updateColumns;
  private final int columnCount;
  private final int rowIdColumn;

  ChangeReader(TableDef table, Catalog catalog, WriteKind kind, int[] updateColumns) {
    this.table = table;
    this.catalog = catalog;
    this.kind = kind;
    this.updateColumns = updateColumns;
    this.columnCount = table.columns().size();
    this.rowIdColumn = table.hasHiddenRowId() ? table.primaryKey()[0] : -1;
  }

  /** The change one input row asks for, or null when it asks for none (a matched MERGE row without an update). */
  RowChange read(Object[] input) {
    return switch (kind) {
      case INSERT, UPSERT -> new RowChange(null, newRow(input, 0));
      case DELETE -> new RowChange(ColumnValues.storedRow(table, input, 0), null);
      case UPDATE -> update(input, 0, columnCount);
      case MERGE -> merge(input);
    };
  }

  private RowChange merge(Object[] input) {
    int n = columnCount;
    int k = updateColumns.length;
    if (k > 0 && input.length == n + k) {
      return update(input, 0, n);
    }
    if (k == 0 && input.length == n) {
      return new RowChange(null, newRow(input, 0));
    }
    if (input.length != 2 * n + k) {
      throw new SqlStateException("0A000", "MERGE into " + table.name() + " is not supported in this form: its "
          + "planned input has " + input.length + " columns, not the " + (k > 0 ? (n + k) + " or " : "")
          + (2 * n + k) + " expected (write the ON condition as equalities of plain columns)");
    }
    boolean matched = input[n + table.primaryKey()[0]] != null;
    if (!matched) {
      return new RowChange(null, newRow(input, 0));
    }
    return k == 0 ? null : update(input, n, 2 * n);
  }

  private RowChange update(Object[] input, int oldOffset, int valuesOffset) {
    Object[] oldRow = ColumnValues.storedRow(table, input, oldOffset);
    Object[] newRow = oldRow.clone();
    for (int j = 0; j < updateColumns.length; j++) {
      int column = updateColumns[j];
      newRow[column] = ColumnValues.checked(table, column, input[valuesOffset + j]);
    }
    return new RowChange(oldRow, newRow);
  }

  private Object[] newRow(Object[] input, int offset) {
    Object[] row = new Object[columnCount];
    for (int i = 0; i < columnCount; i++) {
      row[i] = i == rowIdColumn ? null : ColumnValues.checked(table, i, input[offset + i]);
    }
    if (rowIdColumn >= 0) {
      row[rowIdColumn] = catalog.nextRowId(table);
    }
    return row;
  }
}
