package dev.cascade.demo;

import io.airlift.tpch.TpchColumn;
import io.airlift.tpch.TpchColumnType;
import io.airlift.tpch.TpchTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The SQL shape of the TPC-H tables as {@code io.airlift.tpch} generates them: its table and column names (upper
 * case once unquoted: {@code LINEITEM.L_ORDERKEY}), the specification's types (money, quantities and rates as
 * {@code DECIMAL(15,2)}, dates as {@code DATE}, one-letter flags as {@code CHAR(1)}, other text as
 * {@code VARCHAR(n)}), every column {@code NOT NULL}, and the specification's primary keys.
 *
 * <p>Immutable.
 */
public final class TpchSchema {

  /** Load order: referenced tables before the tables that reference them. */
  public static final List<TpchTable<?>> TABLES = List.of(
      TpchTable.REGION, TpchTable.NATION, TpchTable.PART, TpchTable.SUPPLIER, TpchTable.PART_SUPPLIER,
      TpchTable.CUSTOMER, TpchTable.ORDERS, TpchTable.LINE_ITEM);

  private static final Map<String, List<String>> PRIMARY_KEYS = Map.of(
      "region", List.of("r_regionkey"),
      "nation", List.of("n_nationkey"),
      "part", List.of("p_partkey"),
      "supplier", List.of("s_suppkey"),
      "partsupp", List.of("ps_partkey", "ps_suppkey"),
      "customer", List.of("c_custkey"),
      "orders", List.of("o_orderkey"),
      "lineitem", List.of("l_orderkey", "l_linenumber"));

  private TpchSchema() {}

  /** The table's name as SQL sees it (unquoted names are upper case): {@code LINEITEM}. */
  public static String sqlName(TpchTable<?> table) {
    return table.getTableName().toUpperCase(Locale.ROOT);
  }

  /** {@code CREATE TABLE lineitem (l_orderkey BIGINT NOT NULL, ..., PRIMARY KEY (l_orderkey, l_linenumber))}. */
  public static String createTable(TpchTable<?> table) {
    StringJoiner columns = new StringJoiner(",\n  ", "CREATE TABLE " + table.getTableName() + " (\n  ", "\n)");
    for (TpchColumn<?> column : table.getColumns()) {
      columns.add(column.getColumnName() + " " + sqlType(column.getType()) + " NOT NULL");
    }
    columns.add("PRIMARY KEY (" + String.join(", ", primaryKey(table)) + ")");
    return columns.toString();
  }

  /** {@code INSERT INTO lineitem VALUES (?, ?, ...)} with one marker per column. */
  public static String insert(TpchTable<?> table) {
    StringJoiner markers = new StringJoiner(", ", "INSERT INTO " + table.getTableName() + " VALUES (", ")");
    table.getColumns().forEach(c -> markers.add("?"));
    return markers.toString();
  }

  /** The specification's primary key columns, in key order. */
  public static List<String> primaryKey(TpchTable<?> table) {
    List<String> key = PRIMARY_KEYS.get(table.getTableName());
    if (key == null) {
      throw new IllegalArgumentException("no primary key known for TPC-H table " + table.getTableName());
    }
    return key;
  }

  /** The generator's expected row count at {@code scale} (LINEITEM's is approximate: 1 to 7 lines per order). */
  public static long expectedRows(TpchTable<?> table, double scale) {
    long rows = switch (table.getTableName()) {
      case "region" -> 5;
      case "nation" -> 25;
      case "part" -> (long) (200_000 * scale);
      case "supplier" -> (long) (10_000 * scale);
      case "partsupp" -> (long) (800_000 * scale);
      case "customer" -> (long) (150_000 * scale);
      case "orders" -> (long) (1_500_000 * scale);
      case "lineitem" -> (long) (6_001_215 * scale);
      default -> throw new IllegalArgumentException("unknown TPC-H table " + table.getTableName());
    };
    return Math.max(rows, 1);
  }

  /** The SQL type for a generator column type. */
  static String sqlType(TpchColumnType type) {
    return switch (type.getBase()) {
      case IDENTIFIER -> "BIGINT";
      case INTEGER -> "INTEGER";
      case DOUBLE -> "DECIMAL(15,2)";
      case DATE -> "DATE";
      case VARCHAR -> {
        long length = type.getPrecision().orElseThrow(() -> new IllegalArgumentException("VARCHAR without a length"));
        yield length == 1 ? "CHAR(1)" : "VARCHAR(" + length + ")";
      }
    };
  }
}
