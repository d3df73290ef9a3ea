package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;

import dev.cascade.engine.table.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The ITEMS table of the planner tests and its Java model: key (K1 INTEGER, K2 VARCHAR), partitioned by K1, with
 * nullable V BIGINT, D DECIMAL(12,3) and FLAG BOOLEAN. Immutable after {@link #load}.
 */
final class ItemsFixture {
  static final String[] K2S = {"", "a", "ab", "b", "z", "é"};
  final List<Object[]> rows = new ArrayList<>();

  /** Creates ITEMS in {@code db} and fills it with a deterministic mix of values and NULLs. */
  static ItemsFixture load(TestStore db) {
    db.create("ITEMS", List.of(col("K1", ColumnType.INTEGER, false), col("K2", ColumnType.VARCHAR, false),
        col("V", ColumnType.BIGINT, true), col("D", ColumnType.DECIMAL, true), col("FLAG", ColumnType.BOOLEAN, true)),
        new int[] {0, 1}, 1);
    ItemsFixture f = new ItemsFixture();
    Random r = new Random(42);
    for (int k1 = -3; k1 <= 6; k1++) {
      for (String k2 : K2S) {
        if (r.nextInt(5) == 0) {
          continue;
        }
        Long v = r.nextInt(6) == 0 ? null : (long) r.nextInt(40) - 10;
        BigDecimal d = r.nextInt(6) == 0 ? null : BigDecimal.valueOf(r.nextInt(20000) - 10000, 3);
        Boolean flag = r.nextInt(4) == 0 ? null : r.nextBoolean();
        f.rows.add(new Object[] {k1, k2, v, d, flag});
      }
    }
    db.insert("ITEMS", f.rows);
    f.rows.sort(KEY_ORDER);
    return f;
  }

  /** Strings in key order: by Unicode code point. */
  static final Comparator<String> CODE_POINTS = (a, b) -> Arrays.compare(a.codePoints().toArray(),
      b.codePoints().toArray());

  static final Comparator<Object[]> KEY_ORDER = Comparator.<Object[]>comparingInt(r -> (Integer) r[0])
      .thenComparing(r -> (String) r[1], CODE_POINTS);

  /** The model's rows that pass {@code p}, in key order, as JDBC would return them (DECIMAL at scale 3). */
  List<List<Object>> select(Predicate<Object[]> p, int... columns) {
    List<List<Object>> out = new ArrayList<>();
    for (Object[] row : rows) {
      if (p.test(row)) {
        out.add(project(row, columns));
      }
    }
    return out;
  }

  static List<Object> project(Object[] row, int... columns) {
    if (columns.length == 0) {
      columns = new int[] {0, 1, 2, 3, 4};
    }
    Object[] out = new Object[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = row[columns[i]];
    }
    return Arrays.asList(out);
  }
}
