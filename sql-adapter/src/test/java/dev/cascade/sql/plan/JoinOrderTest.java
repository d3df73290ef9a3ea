package dev.cascade.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heuristic join order: comma joins written in an order that would cross-join are reordered ({@link JoinOrder}). */
class JoinOrderTest {
  @TempDir
  Path dir;

  @Test
  void commaJoinInCrossProductOrderIsReorderedAndAnswersRight() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:cascade:" + dir); Statement s = c.createStatement()) {
      for (String t : List.of("a", "b", "c", "d")) {
        s.execute("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, x INTEGER, y INTEGER)");
        StringBuilder v = new StringBuilder();
        for (int i = 0; i < 20; i++) {
          v.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(i % 7).append(", ")
              .append(i % 5).append(")");
        }
        s.execute("INSERT INTO " + t + " VALUES " + v);
      }
      // a and b share no predicate: joined in FROM order they would be a cross product.
      String sql = "SELECT COUNT(*) FROM a, b, c, d WHERE a.x = c.x AND c.y = b.y AND b.id = d.id AND d.x < 3";
      String plan = explain(s, sql);
      assertFalse(plan.contains("condition=[true]"), "a cross product was planned:\n" + plan);
      assertTrue(plan.contains("Join"), plan);
      // The model: the same count computed by nested loops in Java.
      long expected = 0;
      for (int ai = 0; ai < 20; ai++) {
        for (int bi = 0; bi < 20; bi++) {
          for (int ci = 0; ci < 20; ci++) {
            if (ai % 7 == ci % 7 && ci % 5 == bi % 5 && bi % 7 < 3) {
              expected++;
            }
          }
        }
      }
      try (ResultSet rs = s.executeQuery(sql)) {
        assertTrue(rs.next());
        assertEquals(expected, rs.getLong(1));
      }
    }
  }

  private static String explain(Statement s, String sql) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        lines.add(rs.getString(1));
      }
    }
    return String.join("\n", lines);
  }
}
