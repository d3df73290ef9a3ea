package dev.cascade.sql.metamorphic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * A random table: columns (the key columns first, in key order, then the others), an optional secondary index on one
 * non-key column, and the SQL that creates it.
 *
 * <p>Immutable.
 */
record TableSpec(String name, List<ColumnSpec> columns, int keyCount, String indexColumn) {
  private static final ColumnKind[] KEY_KINDS = {ColumnKind.INTEGER, ColumnKind.BIGINT, ColumnKind.SMALLINT,
      ColumnKind.VARCHAR, ColumnKind.DECIMAL, ColumnKind.DATE, ColumnKind.DOUBLE};
  private static final ColumnKind[] ALL_KINDS = ColumnKind.values();

  TableSpec {
    columns = List.copyOf(columns);
  }

  /** A table of 1..3 key columns and 1..4 other columns, with an index on a non-key column half the time. */
  static TableSpec random(String name, Random r) {
    int keys = 1 + r.nextInt(3);
    int others = 1 + r.nextInt(4);
    List<ColumnSpec> cols = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      cols.add(new ColumnSpec("K" + i, KEY_KINDS[r.nextInt(KEY_KINDS.length)], true));
    }
    for (int i = 0; i < others; i++) {
      cols.add(new ColumnSpec("C" + i, ALL_KINDS[r.nextInt(ALL_KINDS.length)], false));
    }
    String index = r.nextBoolean() ? "C" + r.nextInt(others) : null;
    return new TableSpec(name, cols, keys, index);
  }

  List<ColumnSpec> keyColumns() {
    return columns.subList(0, keyCount);
  }

  String createTableSql() {
    String cols = columns.stream().map(c -> c.name() + " " + c.kind().sqlType + (c.key() ? " NOT NULL" : ""))
        .collect(Collectors.joining(", "));
    return "CREATE TABLE " + name + " (" + cols + ", PRIMARY KEY (" + keyList() + "))";
  }

  /** The CREATE INDEX statement, or null if the table has no secondary index. */
  String createIndexSql() {
    return indexColumn == null ? null : "CREATE INDEX " + name + "_I ON " + name + " (" + indexColumn + ")";
  }

  /** Key columns as an ORDER BY list. */
  String keyList() {
    return keyColumns().stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
  }

  String columnList() {
    return columns.stream().map(ColumnSpec::name).collect(Collectors.joining(", "));
  }

  /** A multi-row INSERT of {@code rows} as literals. */
  String insertSql(List<Object[]> rows) {
    StringBuilder b = new StringBuilder("INSERT INTO ").append(name).append(" (").append(columnList())
        .append(") VALUES ");
    for (int i = 0; i < rows.size(); i++) {
      b.append(i == 0 ? "(" : ", (");
      Object[] row = rows.get(i);
      for (int c = 0; c < row.length; c++) {
        b.append(c == 0 ? "" : ", ").append(columns.get(c).kind().literal(row[c]));
      }
      b.append(')');
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return createTableSql() + (indexColumn == null ? "" : "; " + createIndexSql());
  }
}
