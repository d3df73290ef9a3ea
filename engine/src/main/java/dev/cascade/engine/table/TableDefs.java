package dev.cascade.engine.table;

import dev.cascade.engine.table.CatalogException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds and checks the {@link TableDef}s that DDL produces: the limits, duplicate names, key columns made NOT
 * NULL, the hidden row id of a table without a primary key, and the derived definitions after ADD COLUMN or
 * CREATE/DROP INDEX.
 *
 * <p>Stateless.
 */
final class TableDefs {
  static final int NAME_CHARS_MAX = 128;
  static final int COLUMNS_MAX = 1000;
  static final int INDEX_ID_MAX = 255;
  /** Table ids are u32 on disk; kept below 2^31 so the drop range [id, id + 1) never wraps. */
  static final int TABLE_ID_MAX = Integer.MAX_VALUE - 1;

  private TableDefs() {
  }

  static TableDef newTable(String name, int tableId, List<ColumnDef> columns, int[] primaryKey,
      int partitionColumns) {
    checkName(name, "table");
    if (columns.isEmpty()) {
      throw invalid("table " + name + " needs at least one column");
    }
    List<ColumnDef> cols = new ArrayList<>(columns.stream().map(TableDefs::withCheckedDefault).toList());
    int[] pk = primaryKey.clone();
    if (pk.length == 0) {
      cols.add(new ColumnDef(ColumnDef.ROW_ID, ColumnType.BIGINT, -1, 0, false, null, true));
      pk = new int[] {cols.size() - 1};
      partitionColumns = 1;
    }
    checkColumns(name, cols);
    Set<Integer> seen = new HashSet<>();
    for (int p : pk) {
      if (p < 0 || p >= cols.size() || !seen.add(p)) {
        throw invalid("table " + name + ": primary key names column position " + p + " twice or out of range");
      }
      ColumnDef c = cols.get(p);
      cols.set(p, new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), false, c.defaultValue(), c.hidden()));
    }
    if (partitionColumns < 1 || partitionColumns > pk.length) {
      throw invalid("table " + name + ": the partition key must be 1.." + pk.length
          + " leading primary-key columns, not " + partitionColumns);
    }
    return new TableDef(name, tableId, 1, List.copyOf(cols), pk, partitionColumns, List.of());
  }

  /** The table with {@code column} added (before a hidden row id, which stays last) and a new schema version. */
  static TableDef withColumn(TableDef t, ColumnDef added) {
    ColumnDef column = withCheckedDefault(added);
    if (!column.nullable() && column.defaultValue() == null) {
      throw new CatalogException(Reason.NOT_NULL, "column " + column.name() + " added to table " + t.name()
          + " is NOT NULL without a DEFAULT, so existing rows would hold NULL");
    }
    if (column.hidden()) {
      throw invalid("column " + column.name() + ": only the row id is hidden");
    }
    if (t.columnIndex(column.name()) >= 0) {
      throw new CatalogException(Reason.COLUMN_EXISTS, "table " + t.name() + " already has a column "
          + column.name());
    }
    List<ColumnDef> cols = new ArrayList<>(t.columns());
    int[] pk = t.primaryKey().clone();
    if (t.hasHiddenRowId()) {
      cols.add(cols.size() - 1, column);
      pk[0] = cols.size() - 1;
    } else {
      cols.add(column);
    }
    checkColumns(t.name(), cols);
    return new TableDef(t.name(), t.tableId(), t.schemaVersion() + 1, List.copyOf(cols), pk, t.partitionColumns(),
        t.indexes());
  }

  static TableDef withIndex(TableDef t, IndexDef index) {
    List<IndexDef> indexes = new ArrayList<>(t.indexes());
    indexes.add(index);
    return new TableDef(t.name(), t.tableId(), t.schemaVersion(), t.columns(), t.primaryKey(), t.partitionColumns(),
        List.copyOf(indexes));
  }

  static TableDef withoutIndex(TableDef t, String index) {
    List<IndexDef> indexes = new ArrayList<>(t.indexes());
    indexes.removeIf(i -> i.name().equals(index));
    return new TableDef(t.name(), t.tableId(), t.schemaVersion(), t.columns(), t.primaryKey(), t.partitionColumns(),
        List.copyOf(indexes));
  }

  /** Checks a new index's columns and picks its id: the smallest unused in 1..255. */
  static IndexDef newIndex(TableDef t, String name, int[] columns, boolean unique) {
    checkName(name, "index");
    if (columns.length == 0) {
      throw invalid("index " + name + " needs at least one column");
    }
    Set<Integer> seen = new HashSet<>();
    for (int c : columns) {
      if (c < 0 || c >= t.columns().size() || !seen.add(c) || t.columns().get(c).hidden()) {
        throw invalid("index " + name + " on table " + t.name() + " names column position " + c
            + " twice, out of range or hidden");
      }
    }
    boolean[] used = new boolean[INDEX_ID_MAX + 1];
    for (IndexDef i : t.indexes()) {
      used[i.indexId()] = true;
    }
    for (int id = 1; id <= INDEX_ID_MAX; id++) {
      if (!used[id]) {
        return new IndexDef(name, id, columns.clone(), unique);
      }
    }
    throw invalid("table " + t.name() + " already has " + INDEX_ID_MAX + " indexes");
  }

  private static void checkColumns(String table, List<ColumnDef> cols) {
    if (cols.size() > COLUMNS_MAX) {
      throw invalid("table " + table + " has " + cols.size() + " columns; at most " + COLUMNS_MAX);
    }
    Set<String> names = new HashSet<>();
    for (ColumnDef c : cols) {
      checkName(c.name(), "column");
      if (!names.add(c.name())) {
        throw new CatalogException(Reason.COLUMN_EXISTS, "table " + table + " names column " + c.name() + " twice"
            + (c.hidden() ? " (" + ColumnDef.ROW_ID + " is the hidden row id of a table without a primary key)" : ""));
      }
    }
  }

  /** The column with its DEFAULT converted to the type's Java class (a wrong one fails as INVALID). */
  private static ColumnDef withCheckedDefault(ColumnDef c) {
    if (c == null || c.type() == null) {
      throw invalid("column " + (c == null ? "null" : c.name()) + " has no type");
    }
    if (c.defaultValue() == null) {
      return c;
    }
    return new ColumnDef(c.name(), c.type(), c.precision(), c.scale(), c.nullable(), ColumnValues.coerce(c,
        c.defaultValue()), c.hidden());
  }

  static void checkName(String name, String what) {
    if (name == null || name.isEmpty() || name.length() > NAME_CHARS_MAX) {
      throw invalid(what + " name " + (name == null ? "null" : "'" + abbreviate(name) + "'") + " must have 1.."
          + NAME_CHARS_MAX + " characters");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  static CatalogException invalid(String message) {
    return new CatalogException(Reason.INVALID, message);
  }

  static String columnsText(TableDef t, int[] columns) {
    return Arrays.stream(columns).mapToObj(c -> t.columns().get(c).name()).toList().toString();
  }
}
