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

class MergeTest {
  @TempDir
  Path dir;
  DmlDb db;

  @BeforeEach
  void open() throws Exception {
    db = DmlDb.open(dir);
    db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR),
        column("N", ColumnType.INTEGER));
    db.create("S", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR));
    db.update("INSERT INTO T VALUES (1, 'one', 10), (2, 'two', 20)");
    db.update("INSERT INTO S VALUES (2, 'TWO'), (3, 'THREE')");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void mergeUpdatesMatchedAndInsertsUnmatchedRows() throws Exception {
    String merge = "MERGE INTO T USING S ON T.ID = S.ID "
        + "WHEN MATCHED THEN UPDATE SET NAME = S.NAME, N = T.N + 1 "
        + "WHEN NOT MATCHED THEN INSERT (ID, NAME, N) VALUES (S.ID, S.NAME, 0)";
    String plan = db.explain(merge);
    assertTrue(plan.contains("CascadeTableModify(table=[[PUBLIC, T]], operation=[MERGE]"), plan);
    assertEquals(2, db.update(merge));
    assertEquals(List.of("[1, one, 10]", "[2, TWO, 21]", "[3, THREE, 0]"), db.text("T"));
  }

  @Test
  void mergeWithOnlyWhenMatched() throws Exception {
    assertEquals(1, db.update("MERGE INTO T USING S ON T.ID = S.ID WHEN MATCHED THEN UPDATE SET N = -1"));
    assertEquals(List.of("[1, one, 10]", "[2, two, -1]"), db.text("T"));
  }

  @Test
  void mergeWithOnlyWhenNotMatched() throws Exception {
    assertEquals(1, db.update("MERGE INTO T USING S ON T.ID = S.ID "
        + "WHEN NOT MATCHED THEN INSERT (ID, NAME) VALUES (S.ID, S.NAME)"));
    assertEquals(List.of("[1, one, 10]", "[2, two, 20]", "[3, THREE, null]"), db.text("T"));
  }

  @Test
  void mergeMovingAKeyOntoAnotherRowFails() {
    db.fails("23505", "MERGE INTO T USING S ON T.ID = S.ID WHEN MATCHED THEN UPDATE SET ID = 1");
    assertEquals(List.of("[1, one, 10]", "[2, two, 20]"), db.text("T"));
  }

  @Test
  void aTargetRowMatchedTwiceIsAnError() throws Exception {
    db.create("R", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("PARENT", ColumnType.INTEGER));
    db.update("INSERT INTO R VALUES (7, 2), (8, 2)");
    db.fails("21000", "MERGE INTO T USING R ON T.ID = R.PARENT WHEN MATCHED THEN UPDATE SET N = R.ID");
    assertEquals(List.of("[1, one, 10]", "[2, two, 20]"), db.text("T"));
  }

  @Test
  void anOnConditionWithExpressionsIsRefusedNotMisapplied() {
    db.fails("0A000", "MERGE INTO T USING S ON MOD(S.ID, 10) = T.ID WHEN MATCHED THEN UPDATE SET N = S.ID");
    assertEquals(List.of("[1, one, 10]", "[2, two, 20]"), db.text("T"));
  }
}
