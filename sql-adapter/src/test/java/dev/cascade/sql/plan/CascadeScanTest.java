package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full scans through jdbc:cascade:: all rows, in primary-key order, with projections. */
class CascadeScanTest {
  @TempDir
  Path tmp;
  TestStore db;

  @BeforeEach
  void setUp() throws Exception {
    db = TestStore.open(tmp, 4);
    db.create("T", List.of(col("ID", ColumnType.INTEGER, false), col("NAME", ColumnType.VARCHAR, true),
        col("QTY", ColumnType.BIGINT, true)), new int[] {0}, 1);
    List<Object[]> rows = new ArrayList<>();
    for (int i : new int[] {5, -3, 42, 0, 17, Integer.MIN_VALUE, Integer.MAX_VALUE, 8}) {
      rows.add(new Object[] {i, i % 2 == 0 ? null : "n" + i, (long) i * 10});
    }
    db.insert("T", rows);
  }

  @AfterEach
  void tearDown() throws Exception {
    db.close();
  }

  @Test
  void selectStarReturnsAllRowsInKeyOrder() throws Exception {
    List<List<Object>> rows = db.query("SELECT * FROM T");
    assertEquals(8, rows.size());
    List<Object> ids = rows.stream().map(r -> r.get(0)).toList();
    assertEquals(List.of(Integer.MIN_VALUE, -3, 0, 5, 8, 17, 42, Integer.MAX_VALUE), ids);
    assertEquals(java.util.Arrays.asList(5, "n5", 50L), rows.get(3));
    assertEquals(java.util.Arrays.asList(0, null, 0L), rows.get(2));
  }

  @Test
  void projectionReturnsTheNamedColumns() throws Exception {
    List<List<Object>> rows = db.query("SELECT QTY, ID FROM T");
    assertEquals(List.of(-30L, -3), rows.get(1));
    String plan = db.explain("SELECT QTY, ID FROM T");
    assertTrue(plan.contains("CascadeProject(columns=[QTY, ID])"), plan);
    assertTrue(plan.contains("CascadeTableScan"), plan);
  }

  @Test
  void expressionsStayAboveTheProjection() throws Exception {
    List<List<Object>> rows = db.query("SELECT ID + 1, NAME FROM T WHERE ID = 5");
    assertEquals(List.of(List.of(6, "n5")), rows);
  }
}
