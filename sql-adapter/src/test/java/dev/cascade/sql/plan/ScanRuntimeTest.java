package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Snapshot;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.exec.CascadeScan;
import dev.cascade.sql.exec.StatementSnapshot;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan at run time: the pushdown switch, statement snapshots, the cursor time limit, many-way joins. */
class ScanRuntimeTest {
  @TempDir
  static Path tmp;
  static TestStore db;
  static ItemsFixture items;

  @BeforeAll
  static void setUp() throws Exception {
    db = TestStore.open(tmp, 2);
    items = ItemsFixture.load(db);
    db.create("BIG", List.of(col("ID", ColumnType.INTEGER, false), col("V", ColumnType.VARCHAR, true)),
        new int[] {0}, 1);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(new Object[] {i, "v" + i});
    }
    db.insert("BIG", rows);
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  @Test
  void disabledPushdownPlansAPlainFullScanWithTheSameRows() throws Exception {
    String sql = "SELECT K2, V FROM ITEMS WHERE K1 = 2 AND V > 0 ORDER BY K1 DESC, K2 DESC LIMIT 3";
    List<List<Object>> pushed = db.query(sql);
    assertTrue(db.explain(sql).contains("CascadeFilter"));
    try (AutoCloseable off = Pushdown.disable()) {
      String plan = db.explain(sql);
      assertFalse(plan.contains("CascadeFilter") || plan.contains("CascadeSort") || plan.contains("CascadeProject"),
          plan);
      assertTrue(plan.contains("CascadeTableScan"), plan);
      assertEquals(pushed, db.query(sql));
    }
    assertTrue(db.explain(sql).contains("CascadeFilter"), "the switch is restored on close");
  }

  @Test
  void scansReadAtTheBoundStatementSnapshot() throws Exception {
    String sql = "SELECT COUNT(*) FROM BIG WHERE ID >= 10000";
    try (Snapshot before = db.store.db().snapshot()) {
      db.insert("BIG", List.<Object[]>of(new Object[] {10000, "late"}, new Object[] {10001, "later"}));
      try (AutoCloseable bound = StatementSnapshot.bind(before)) {
        assertEquals(List.of(List.of(0L)), db.query(sql));
        assertEquals(List.of(), db.query("SELECT * FROM BIG WHERE ID = 10000"));
        assertEquals(same(before), StatementSnapshot.current());
      }
      assertEquals(null, StatementSnapshot.current());
      assertEquals(List.of(List.of(2L)), db.query(sql));
    }
  }

  private static Snapshot same(Snapshot s) {
    return s;
  }

  @Test
  void aCursorLeftOpenPastItsTimeLimitFailsNamingTheLimit() throws Exception {
    System.setProperty(CascadeScan.TIME_LIMIT_PROPERTY, "300");
    try (PreparedStatement ps = db.connection().prepareStatement("SELECT ID FROM BIG WHERE ID >= 0");
        ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next());
      Thread.sleep(600);
      Exception e = assertThrows(Exception.class, () -> {
        while (rs.next()) {
          rs.getInt(1);
        }
      });
      String all = e + " " + e.getCause();
      assertTrue(all.contains(CascadeScan.TIME_LIMIT_PROPERTY) && all.contains("time limit"), all);
    } finally {
      System.clearProperty(CascadeScan.TIME_LIMIT_PROPERTY);
    }
    assertEquals(5000, db.query("SELECT ID FROM BIG WHERE ID < 5000").size());
  }

  @Test
  void earlyClosedCursorsAndStreamingScans() throws Exception {
    for (int i = 0; i < 50; i++) {
      try (PreparedStatement ps = db.connection().prepareStatement("SELECT * FROM BIG");
          ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(0, rs.getInt(1));
      }
    }
    assertEquals(List.of(List.of(4999, "v4999")), db.query("SELECT * FROM BIG ORDER BY ID DESC LIMIT 1"));
  }

  @Test
  void eightWayJoinPlansWithABoundedJoinOrder() throws Exception {
    for (int t = 1; t <= 8; t++) {
      db.create("J" + t, List.of(col("ID", ColumnType.INTEGER, false), col("NXT", ColumnType.INTEGER, true)),
          new int[] {0}, 1);
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        rows.add(new Object[] {i, (i + 1) % 5});
      }
      db.insert("J" + t, rows);
    }
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM J1");
    for (int t = 2; t <= 8; t++) {
      sql.append(" JOIN J").append(t).append(" ON J").append(t - 1).append(".NXT = J").append(t).append(".ID");
    }
    sql.append(" WHERE J1.ID = 0");
    List<List<Object>> rows = Assertions.assertTimeoutPreemptively(Duration.ofMinutes(3),
        () -> db.query(sql.toString()));
    assertEquals(List.of(List.of(1L)), rows);
  }
}
