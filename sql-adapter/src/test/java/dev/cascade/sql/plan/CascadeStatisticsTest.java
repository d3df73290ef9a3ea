package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.CascadeTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the optimizer is told: row counts (never 0), unique keys, the primary-key order. */
class CascadeStatisticsTest {
  @TempDir
  Path tmp;

  @Test
  void rowCountKeysAndOrder() throws Exception {
    try (TestStore db = TestStore.open(tmp, 2)) {
      TableDef def = db.create("S", List.of(col("A", ColumnType.INTEGER, false), col("B", ColumnType.VARCHAR, false),
          col("U", ColumnType.BIGINT, false), col("N", ColumnType.BIGINT, true)), new int[] {1, 0}, 1);
      Statistic empty = CascadeStatistics.of(new CascadeTable(db.store, def));
      assertEquals(1.0, empty.getRowCount(), "an empty table still counts as one row");
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        rows.add(new Object[] {i, "b" + i, (long) i, null});
      }
      db.insert("S", rows);
      db.store.catalog().createIndex("S", "S_U", new int[] {2}, true, false);
      db.store.catalog().createIndex("S", "S_N", new int[] {3}, true, false);
      TableDef withIndexes = db.store.catalog().table("S");
      Statistic s = CascadeStatistics.of(new CascadeTable(db.store, withIndexes));
      assertEquals(25.0, s.getRowCount());
      assertTrue(s.isKey(ImmutableBitSet.of(0, 1)), "the primary key");
      assertTrue(s.isKey(ImmutableBitSet.of(2)), "a UNIQUE index over a NOT NULL column");
      assertTrue(!s.isKey(ImmutableBitSet.of(3)), "NULLs never conflict, so a nullable UNIQUE column is no key");
      assertEquals(List.of(RelCollations.of(new org.apache.calcite.rel.RelFieldCollation(1,
          org.apache.calcite.rel.RelFieldCollation.Direction.ASCENDING,
          org.apache.calcite.rel.RelFieldCollation.NullDirection.FIRST), new org.apache.calcite.rel.RelFieldCollation(0,
          org.apache.calcite.rel.RelFieldCollation.Direction.ASCENDING,
          org.apache.calcite.rel.RelFieldCollation.NullDirection.FIRST))), s.getCollations());
      String plan = db.explain("SELECT * FROM S WHERE A = 3");
      assertTrue(plan.contains("CascadeFilter"), plan);
    }
  }

  /**
   * A table the statistics call large (10 million rows) still has COUNT and MAX computed in the shards: the pushed
   * aggregate's one row must not be costed like the table (it was, while it was a SingleRel, and Calcite kept the
   * aggregate for itself).
   */
  @Test
  void aggregatesStayPushedOnLargeTables() throws Exception {
    try (TestStore db = TestStore.open(tmp, 2)) {
      db.create("L", List.of(col("A", ColumnType.INTEGER, false), col("V", ColumnType.BIGINT, true)), new int[] {0},
          1);
      List<Object[]> rows = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        rows.add(new Object[] {i, i % 3 == 0 ? null : (long) i * 2});
      }
      db.insert("L", rows);
      db.store.catalog().adjustRowCount("L", 10_000_000);
      assertEquals(10_000_030.0, CascadeStatistics.of(new CascadeTable(db.store, db.store.catalog().table("L")))
          .getRowCount());
      String sql = "SELECT COUNT(*), COUNT(V), MAX(V) FROM L WHERE A > 4";
      String plan = db.explain(sql);
      assertTrue(plan.contains("CascadeAggregate(aggregate=[COUNT(*), COUNT(V), MAX(V)])"), plan);
      assertEquals(List.of(List.of(25L, 17L, 58L)), db.query(sql));
    }
  }
}
