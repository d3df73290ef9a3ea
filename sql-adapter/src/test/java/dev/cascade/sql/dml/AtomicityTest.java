package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A statement whose rows span every shard is applied completely or not at all. */
class AtomicityTest {
  private static final int ROWS = 64;

  @TempDir
  Path dir;
  DmlDb db;
  TableDef table;

  @BeforeEach
  void open() throws Exception {
    db = DmlDb.open(dir);
    table = db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), notNull("NAME", ColumnType.VARCHAR),
        column("N", ColumnType.INTEGER));
    db.update("INSERT INTO T VALUES (1000, 'existing', 0)");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private String manyRows(String last) {
    StringBuilder sql = new StringBuilder("INSERT INTO T VALUES ");
    for (int i = 0; i < ROWS; i++) {
      sql.append(i == 0 ? "" : ", ").append('(').append(i).append(", 'r").append(i).append("', ").append(i)
          .append(')');
    }
    return sql.append(", ").append(last).toString();
  }

  @Test
  void theRowsOfOneStatementSpanEveryShard() {
    TableCodec codec = TableCodec.of(table);
    Set<Integer> shards = new HashSet<>();
    for (int i = 0; i < ROWS; i++) {
      shards.add(codec.shardOf(new Object[] {i}, db.store.db().shardCount()));
    }
    assertEquals(db.store.db().shardCount(), shards.size());
  }

  @Test
  void aMultiRowInsertFailingOnItsLastRowLeavesNothing() throws Exception {
    db.fails("23505", manyRows("(1000, 'dup', 0)"));
    db.fails("23502", manyRows("(2000, CAST(NULL AS VARCHAR), 0)"));
    assertEquals(List.of("[1000, existing, 0]"), db.text("T"));
    assertEquals(ROWS + 1, db.update(manyRows("(2000, 'last', 0)")));
    assertEquals(ROWS + 2, db.rows("T").size());
  }

  @Test
  void aFailingUpdateOfEveryShardLeavesNothing() throws Exception {
    db.update(manyRows("(2000, 'last', 0)"));
    List<String> before = db.text("T");
    db.fails("23505", "UPDATE T SET ID = ID + 937, N = N + 1 WHERE ID < 1000");
    db.fails("23502", "UPDATE T SET N = -1, NAME = CASE WHEN ID = 2000 THEN NULL ELSE NAME END WHERE ID > 0");
    assertEquals(before, db.text("T"));
    assertEquals(ROWS + 1, db.update("UPDATE T SET N = N + 1 WHERE ID > 0"));
    assertTrue(db.text("T").contains("[5, r5, 6]"));
  }

  @Test
  void rowCountStatisticsFollowCommittedStatements() throws Exception {
    long before = db.store.catalog().stats("T").rowCount();
    db.update(manyRows("(2000, 'last', 0)"));
    db.fails("23505", "INSERT INTO T VALUES (1, 'dup', 0)");
    db.update("DELETE FROM T WHERE ID < 10");
    assertEquals(before + ROWS + 1 - 10, db.store.catalog().stats("T").rowCount());
  }
}
