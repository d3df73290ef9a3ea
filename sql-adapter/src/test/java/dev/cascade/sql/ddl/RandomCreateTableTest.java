package dev.cascade.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.junit.jupiter.api.Test;

/**
 * Random CREATE TABLE statements written from a model (types, lengths, NOT NULL, defaults, column or table
 * PRIMARY KEY, PARTITION BY prefix): what the executor would hand the catalog must match the model, and so must the
 * statement's unparsed form parsed again. Seeded: prints its seed, {@code -Dseed=} repeats a run.
 */
class RandomCreateTableTest {
  private static final int STATEMENTS = 300;

  /** One column of the model and the SQL that declares it. */
  private record Column(String name, String sqlType, ColumnType type, int precision, int scale, boolean notNull,
      String defaultSql, Object defaultValue) {
  }

  @Test
  void randomTablesMatchTheirModel() {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("RandomCreateTableTest seed=" + seed);
    Random random = new Random(seed);
    for (int n = 0; n < STATEMENTS; n++) {
      List<Column> columns = new ArrayList<>();
      int count = 1 + random.nextInt(6);
      for (int i = 0; i < count; i++) {
        columns.add(column(random, "C" + i));
      }
      int keyLength = random.nextInt(Math.min(3, count) + 1);
      List<Integer> key = new ArrayList<>();
      while (key.size() < keyLength) {
        int p = random.nextInt(count);
        if (!key.contains(p)) {
          key.add(p);
        }
      }
      int partition = keyLength == 0 ? 0 : random.nextInt(keyLength + 1);
      String sql = sql(random, columns, key, partition);
      String context = "seed=" + seed + " statement " + n + ": " + sql;
      TableSpec spec = TableSpecTest.spec(sql);
      check(spec, columns, key, partition, context);
      String again = CascadeSqlParserTest.parse(sql).toSqlString(CalciteSqlDialect.DEFAULT).getSql();
      check(TableSpecTest.spec(again), columns, key, partition, context + " unparsed as " + again);
    }
  }

  private static void check(TableSpec spec, List<Column> columns, List<Integer> key, int partition, String context) {
    assertEquals(columns.size(), spec.columns().size(), context);
    for (int i = 0; i < columns.size(); i++) {
      Column m = columns.get(i);
      ColumnDef c = spec.columns().get(i);
      assertEquals(m.name(), c.name(), context);
      assertEquals(m.type(), c.type(), context);
      assertEquals(m.precision(), c.precision(), context);
      assertEquals(m.scale(), c.scale(), context);
      assertEquals(!m.notNull() && !key.contains(i), c.nullable(), context);
      assertEquals(m.defaultValue(), c.defaultValue(), context);
    }
    assertArrayEquals(key.stream().mapToInt(Integer::intValue).toArray(), spec.primaryKey(), context);
    assertEquals(partition == 0 ? 1 : partition, spec.partitionColumns(), context);
  }

  private static String sql(Random random, List<Column> columns, List<Integer> key, int partition) {
    boolean columnKey = key.size() == 1 && random.nextBoolean();
    List<String> elements = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      StringBuilder b = new StringBuilder(c.name()).append(' ').append(c.sqlType());
      if (c.notNull()) {
        b.append(" NOT NULL");
      } else if (random.nextInt(4) == 0) {
        b.append(" NULL");
      }
      if (c.defaultSql() != null) {
        b.append(" DEFAULT ").append(c.defaultSql());
      }
      if (columnKey && key.get(0) == i) {
        b.append(" PRIMARY KEY");
      }
      elements.add(b.toString());
    }
    if (!key.isEmpty() && !columnKey) {
      elements.add("PRIMARY KEY (" + names(columns, key) + ")");
    }
    String sql = "CREATE TABLE T (" + String.join(", ", elements) + ")";
    return partition == 0 ? sql : sql + " PARTITION BY (" + names(columns, key.subList(0, partition)) + ")";
  }

  private static String names(List<Column> columns, List<Integer> positions) {
    return String.join(", ", positions.stream().map(p -> columns.get(p).name()).toList());
  }

  private static Column column(Random random, String name) {
    boolean notNull = random.nextInt(3) == 0;
    boolean withDefault = random.nextBoolean();
    int v = random.nextInt(200) - 100;
    return switch (random.nextInt(10)) {
      case 0 -> new Column(name, "BOOLEAN", ColumnType.BOOLEAN, -1, 0, notNull, withDefault ? "FALSE" : null,
          withDefault ? Boolean.FALSE : null);
      case 1 -> new Column(name, "TINYINT", ColumnType.TINYINT, -1, 0, notNull, withDefault ? "" + v : null,
          withDefault ? (Object) (byte) v : null);
      case 2 -> new Column(name, "SMALLINT", ColumnType.SMALLINT, -1, 0, notNull, withDefault ? "" + v : null,
          withDefault ? (Object) (short) v : null);
      case 3 -> new Column(name, random.nextBoolean() ? "INT" : "INTEGER", ColumnType.INTEGER, -1, 0, notNull,
          withDefault ? "" + v : null, withDefault ? (Object) v : null);
      case 4 -> new Column(name, "BIGINT", ColumnType.BIGINT, -1, 0, notNull, withDefault ? v + "000000000" : null,
          withDefault ? (Object) (v * 1_000_000_000L) : null);
      case 5 -> new Column(name, "DECIMAL(12, 3)", ColumnType.DECIMAL, 12, 3, notNull,
          withDefault ? v + ".5" : null, withDefault ? new java.math.BigDecimal(v + ".500") : null);
      case 6 -> new Column(name, "DOUBLE", ColumnType.DOUBLE, -1, 0, notNull, withDefault ? v + ".25" : null,
          withDefault ? (Object) Double.parseDouble(v + ".25") : null);
      case 7 -> {
        int length = 1 + random.nextInt(20);
        String s = "x".repeat(random.nextInt(length + 1));
        yield new Column(name, "VARCHAR(" + length + ")", ColumnType.VARCHAR, length, 0, notNull,
            withDefault ? "'" + s + "'" : null, withDefault ? s : null);
      }
      case 8 -> new Column(name, "DATE", ColumnType.DATE, -1, 0, notNull,
          withDefault ? "DATE '1970-01-" + (10 + v % 10 + 10) + "'" : null,
          withDefault ? (Object) (9 + v % 10 + 10) : null);
      default -> new Column(name, "TIMESTAMP", ColumnType.TIMESTAMP, -1, 0, notNull,
          withDefault ? "TIMESTAMP '1970-01-01 00:00:" + (10 + Math.abs(v) % 50) + "'" : null,
          withDefault ? (Object) ((10 + Math.abs(v) % 50) * 1000L) : null);
    };
  }
}
