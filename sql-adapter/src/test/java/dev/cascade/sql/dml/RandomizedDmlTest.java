package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random INSERT, UPSERT, UPDATE (of values, keys and unique values) and DELETE statements against a TreeMap model:
 * after each statement the affected count, the SQLSTATE of a rejected statement and the whole table must match.
 * Seeded: prints its seed, and {@code -Dseed=} replays one; {@code -Dcascade.stress=true} runs longer.
 */
class RandomizedDmlTest {
  private static final int KEYS = 40;

  @TempDir
  Path dir;

  private record Row(int v, String u) {
  }

  @Test
  void statementsMatchTheModel() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("RandomizedDmlTest seed: " + seed + " (rerun with -Dseed=" + seed + ")");
    Random random = new Random(seed);
    int statements = Boolean.getBoolean("cascade.stress") ? 3000 : 100;
    try (DmlDb db = DmlDb.open(dir)) {
      db.create("R", new int[] {0}, notNull("K", ColumnType.INTEGER), column("V", ColumnType.INTEGER),
          column("U", ColumnType.VARCHAR));
      db.uniqueIndex("R", "R_U", 2);
      TreeMap<Integer, Row> model = new TreeMap<>();
      Map<String, PreparedStatement> prepared = new HashMap<>();
      for (int i = 0; i < statements; i++) {
        Statement s = next(random, model);
        String context = "seed " + seed + ", statement " + i + ": " + s.sql + " " + s.parameters;
        TreeMap<Integer, Row> after = s.apply.apply(new TreeMap<>(model));
        boolean valid = after != null && uniqueValues(after);
        try {
          int count = execute(db, prepared, s);
          if (!valid) {
            fail(context + " succeeded but violates a key");
          }
          assertEquals(s.expectedCount, count, context);
          model = after;
        } catch (SQLException e) {
          if (valid) {
            throw new AssertionError(context + " failed: " + DmlDb.describe(e), e);
          }
          assertEquals("23505", DmlDb.sqlStateOf(e), context);
        }
        assertEquals(text(model), db.text("R"), context);
      }
    }
  }

  /** A statement with {@code ?} parameters (prepared once per text, so the run is not dominated by planning). */
  private record Statement(String sql, List<Object> parameters, int expectedCount,
      UnaryOperator<TreeMap<Integer, Row>> apply) {
  }

  private static int execute(DmlDb db, Map<String, PreparedStatement> prepared, Statement s) throws SQLException {
    PreparedStatement ps = prepared.get(s.sql);
    if (ps == null) {
      ps = db.connection.prepareStatement(s.sql);
      prepared.put(s.sql, ps);
    }
    for (int i = 0; i < s.parameters.size(); i++) {
      Object p = s.parameters.get(i);
      if (p == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else {
        ps.setObject(i + 1, p);
      }
    }
    return ps.executeUpdate();
  }

  private static Statement next(Random random, TreeMap<Integer, Row> model) {
    int a = random.nextInt(KEYS);
    int b = a + random.nextInt(8);
    int inRange = model.subMap(a, true, b, true).size();
    return switch (random.nextInt(6)) {
      case 0, 1 -> insert(random, false);
      case 2 -> insert(random, true);
      case 3 -> new Statement("UPDATE R SET V = V + 1 WHERE K BETWEEN ? AND ?", List.of(a, b), inRange, m -> {
        m.subMap(a, true, b, true).replaceAll((k, r) -> new Row(r.v() + 1, r.u()));
        return m;
      });
      case 4 -> random.nextBoolean() ? moveKeys(random, a, b, inRange) : setUnique(random, a, model);
      default -> new Statement("DELETE FROM R WHERE K BETWEEN ? AND ?", List.of(a, b), inRange, m -> {
        m.subMap(a, true, b, true).clear();
        return m;
      });
    };
  }

  private static Statement insert(Random random, boolean upsert) {
    int rows = 1 + random.nextInt(4);
    List<int[]> keysAndValues = new ArrayList<>();
    List<String> uniques = new ArrayList<>();
    List<Object> parameters = new ArrayList<>();
    StringBuilder sql = new StringBuilder(upsert ? "UPSERT" : "INSERT").append(" INTO R VALUES ");
    for (int i = 0; i < rows; i++) {
      int k = random.nextInt(KEYS);
      int v = random.nextInt(100);
      String u = uniqueValue(random);
      keysAndValues.add(new int[] {k, v});
      uniques.add(u);
      sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
      parameters.add(k);
      parameters.add(v);
      parameters.add(u);
    }
    return new Statement(sql.toString(), parameters, rows, m -> {
      Set<Integer> seen = new HashSet<>();
      for (int i = 0; i < rows; i++) {
        int k = keysAndValues.get(i)[0];
        if (!upsert && (m.containsKey(k) || !seen.add(k))) {
          return null;
        }
        m.put(k, new Row(keysAndValues.get(i)[1], uniques.get(i)));
      }
      return m;
    });
  }

  private static Statement moveKeys(Random random, int a, int b, int inRange) {
    int shift = random.nextInt(7) - 3;
    return new Statement("UPDATE R SET K = K + ? WHERE K BETWEEN ? AND ?", List.of(shift, a, b), inRange, m -> {
      Map<Integer, Row> moved = new TreeMap<>(m.subMap(a, true, b, true));
      m.subMap(a, true, b, true).clear();
      for (Map.Entry<Integer, Row> e : moved.entrySet()) {
        if (m.put(e.getKey() + shift, e.getValue()) != null) {
          return null;
        }
      }
      return m;
    });
  }

  private static Statement setUnique(Random random, int k, TreeMap<Integer, Row> model) {
    String u = uniqueValue(random);
    List<Object> parameters = new ArrayList<>();
    parameters.add(u);
    parameters.add(k);
    return new Statement("UPDATE R SET U = ? WHERE K = ?", parameters, model.containsKey(k) ? 1 : 0, m -> {
      m.computeIfPresent(k, (key, r) -> new Row(r.v(), u));
      return m;
    });
  }

  private static String uniqueValue(Random random) {
    int n = random.nextInt(14);
    return n < 4 ? null : "u" + n;
  }

  private static boolean uniqueValues(TreeMap<Integer, Row> m) {
    Set<String> seen = new HashSet<>();
    for (Row r : m.values()) {
      if (r.u() != null && !seen.add(r.u())) {
        return false;
      }
    }
    return true;
  }

  private static List<String> text(TreeMap<Integer, Row> m) {
    List<String> rows = new ArrayList<>();
    m.forEach((k, r) -> rows.add("[" + k + ", " + r.v() + ", " + r.u() + "]"));
    rows.sort(null);
    return rows;
  }
}
