package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpsertTest {
  @TempDir
  Path dir;
  DmlDb db;

  @BeforeEach
  void open() throws Exception {
    db = DmlDb.open(dir);
    db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR),
        column("EMAIL", ColumnType.VARCHAR));
    db.uniqueIndex("T", "T_EMAIL", 2);
    db.update("INSERT INTO T VALUES (1, 'one', 'a@x'), (2, 'two', 'b@x')");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void upsertInsertsOrReplacesTheWholeRow() throws Exception {
    assertEquals(2, db.update("UPSERT INTO T (ID, NAME) VALUES (1, 'uno'), (3, 'three')"));
    assertEquals(List.of("[1, uno, null]", "[2, two, b@x]", "[3, three, null]"), db.text("T"));
  }

  @Test
  void upsertMovesUniqueValuesWithTheRow() throws Exception {
    db.update("UPSERT INTO T VALUES (1, 'one', 'c@x')");
    db.update("INSERT INTO T VALUES (4, 'four', 'a@x')");
    assertEquals(List.of("[1, one, c@x]", "[2, two, b@x]", "[4, four, a@x]"), db.text("T"));
  }

  @Test
  void upsertStillChecksUniqueIndexesAgainstOtherRows() {
    db.fails("23505", "UPSERT INTO T VALUES (1, 'one', 'b@x')");
    assertEquals(List.of("[1, one, a@x]", "[2, two, b@x]"), db.text("T"));
  }

  @Test
  void laterRowsOfOneUpsertWin() throws Exception {
    assertEquals(2, db.update("UPSERT INTO T (ID, NAME) VALUES (5, 'first'), (5, 'second')"));
    assertEquals("[5, second, null]", db.text("T").get(2));
  }

  @Test
  void explainShowsTheUpsertFlag() throws Exception {
    String plan = db.explain("UPSERT INTO T VALUES (1, 'a', 'b')");
    assertTrue(plan.contains("CascadeTableModify(table=[[PUBLIC, T]], operation=[INSERT], flattened=[false], "
        + "upsert=[true])"), plan);
  }
}
