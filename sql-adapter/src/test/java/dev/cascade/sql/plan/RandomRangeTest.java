package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random range, IN and OR predicates (literals and parameters) on a composite key, with random residual predicates,
 * key orders and limits, checked against a Java model in three-valued logic, and against the same query planned
 * without pushdown. Seeded: prints its seed; {@code -Dseed=} replays one.
 */
class RandomRangeTest {
  static final int QUERIES = Integer.getInteger("cascade.randomRange.queries",
      Boolean.getBoolean("cascade.stress") ? 2000 : 40);
  static final String[] BS = {"", "a", "ab", "b", "c"};

  @TempDir
  Path tmp;

  /** A predicate: SQL text, its parameters, and its truth value in the model (null for UNKNOWN). */
  record Pred(String sql, List<Object> params, Function<Object[], Boolean> eval) {
  }

  @Test
  void randomPredicatesMatchTheModel() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("RandomRangeTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
    Random r = new Random(seed);
    try (TestStore db = TestStore.open(tmp, 3)) {
      db.create("R", List.of(col("A", ColumnType.INTEGER, false), col("B", ColumnType.VARCHAR, false),
          col("C", ColumnType.BIGINT, false), col("V", ColumnType.INTEGER, true)), new int[] {0, 1, 2},
          1 + r.nextInt(2));
      List<Object[]> rows = new ArrayList<>();
      for (int a = -5; a <= 5; a++) {
        for (String b : BS) {
          for (long c = -3; c <= 3; c++) {
            if (r.nextInt(3) > 0) {
              rows.add(new Object[] {a, b, c, r.nextInt(5) == 0 ? null : r.nextInt(20) - 10});
            }
          }
        }
      }
      db.insert("R", rows);
      rows.sort(Comparator.<Object[]>comparingInt(x -> (Integer) x[0]).thenComparing(x -> (String) x[1])
          .thenComparingLong(x -> (Long) x[2]));
      for (int q = 0; q < QUERIES; q++) {
        runOne(db, rows, r, seed, q);
      }
    }
  }

  private static void runOne(TestStore db, List<Object[]> rows, Random r, long seed, int q) throws Exception {
    List<Pred> atoms = new ArrayList<>();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      atoms.add(atom(r));
    }
    String where = String.join(" AND ", atoms.stream().map(Pred::sql).toList());
    List<Object> params = new ArrayList<>();
    atoms.forEach(a -> params.addAll(a.params()));
    boolean desc = r.nextBoolean();
    String order = desc ? " ORDER BY A DESC, B DESC, C DESC" : " ORDER BY A, B, C";
    int limit = r.nextInt(4) == 0 ? 1 + r.nextInt(10) : -1;
    String sql = "SELECT A, B, C, V FROM R WHERE " + where + order + (limit > 0 ? " LIMIT " + limit : "");
    List<List<Object>> expected = new ArrayList<>();
    for (Object[] row : rows) {
      if (atoms.stream().allMatch(a -> Boolean.TRUE.equals(a.eval().apply(row)))) {
        expected.add(Arrays.asList(row));
      }
    }
    if (desc) {
      java.util.Collections.reverse(expected);
    }
    if (limit > 0 && expected.size() > limit) {
      expected = expected.subList(0, limit);
    }
    Object[] ps = params.toArray();
    String context = "seed=" + seed + " query " + q + ": " + sql + " params " + params;
    List<List<Object>> pushed = db.query(sql, ps);
    assertEquals(expected, pushed, () -> context + "\n" + explain(db, sql));
    try (AutoCloseable off = Pushdown.disable()) {
      assertEquals(expected, db.query(sql, ps), () -> context + " (unpushed)");
    }
  }

  private static String explain(TestStore db, String sql) {
    try {
      return db.explain(sql);
    } catch (Exception e) {
      return e.toString();
    }
  }

  static Pred atom(Random r) {
    return switch (r.nextInt(8)) {
      case 0, 1, 2 -> column(r, "A", 0, () -> r.nextInt(13) - 6);
      case 3, 4 -> column(r, "B", 1, () -> BS[r.nextInt(BS.length)]);
      case 5 -> column(r, "C", 2, () -> (long) r.nextInt(9) - 4);
      case 6 -> nullable(r);
      default -> {
        Pred x = column(r, "A", 0, () -> r.nextInt(13) - 6);
        Pred y = column(r, "C", 2, () -> (long) r.nextInt(9) - 4);
        List<Object> p = new ArrayList<>(x.params());
        p.addAll(y.params());
        yield new Pred("(" + x.sql() + " OR " + y.sql() + ")", p, row -> or(x.eval().apply(row), y.eval().apply(row)));
      }
    };
  }

  /** A condition on a key column, literal or parameter. */
  static Pred column(Random r, String name, int index, java.util.function.Supplier<Object> value) {
    Object x = value.get();
    Object y = value.get();
    boolean param = r.nextInt(3) == 0;
    String lx = param ? "?" : literal(x);
    String ly = param ? "?" : literal(y);
    List<Object> px = param ? List.of(x) : List.of();
    List<Object> pxy = param ? List.of(x, y) : List.of();
    return switch (r.nextInt(9)) {
      case 0 -> new Pred(name + " = " + lx, px, row -> cmp(row[index], x) == 0);
      case 1 -> new Pred(name + " < " + lx, px, row -> cmp(row[index], x) < 0);
      case 2 -> new Pred(name + " <= " + lx, px, row -> cmp(row[index], x) <= 0);
      case 3 -> new Pred(name + " > " + lx, px, row -> cmp(row[index], x) > 0);
      case 4 -> new Pred(name + " >= " + lx, px, row -> cmp(row[index], x) >= 0);
      case 5 -> new Pred(name + " BETWEEN " + lx + " AND " + ly, pxy,
          row -> cmp(row[index], x) >= 0 && cmp(row[index], y) <= 0);
      case 6 -> new Pred(name + " IN (" + lx + ", " + ly + ")", pxy,
          row -> cmp(row[index], x) == 0 || cmp(row[index], y) == 0);
      case 7 -> new Pred("(" + name + " < " + lx + " OR " + name + " > " + ly + ")", pxy,
          row -> cmp(row[index], x) < 0 || cmp(row[index], y) > 0);
      default -> new Pred(name + " <> " + lx, px, row -> cmp(row[index], x) != 0);
    };
  }

  /** A condition on the nullable column V, in three-valued logic. */
  static Pred nullable(Random r) {
    int x = r.nextInt(20) - 10;
    return switch (r.nextInt(4)) {
      case 0 -> new Pred("V > " + x, List.of(), row -> row[3] == null ? null : (Integer) row[3] > x);
      case 1 -> new Pred("V IS NULL", List.of(), row -> row[3] == null);
      case 2 -> new Pred("NOT (V = " + x + ")", List.of(), row -> row[3] == null ? null : (Integer) row[3] != x);
      default -> new Pred("(V < " + x + " OR A = 0)", List.of(),
          row -> or(row[3] == null ? null : (Integer) row[3] < x, (Integer) row[0] == 0));
    };
  }

  static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int cmp(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  static String literal(Object v) {
    return switch (v) {
      case String s -> "'" + s + "'";
      case Long l -> "CAST(" + l + " AS BIGINT)";
      default -> v.toString();
    };
  }
}
