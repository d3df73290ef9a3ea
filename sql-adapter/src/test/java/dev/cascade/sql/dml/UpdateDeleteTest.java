package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateDeleteTest {
  @TempDir
  Path dir;
  DmlDb db;

  @BeforeEach
  void open() throws Exception {
    db = DmlDb.open(dir);
    db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR),
        column("EMAIL", ColumnType.VARCHAR), column("N", ColumnType.INTEGER));
    db.uniqueIndex("T", "T_EMAIL", 2);
    db.update("INSERT INTO T VALUES (1, 'one', 'a@x', 10), (2, 'two', 'b@x', 20), (3, 'three', NULL, 30)");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void updateNonKeyColumns() throws Exception {
    assertEquals(2, db.update("UPDATE T SET N = N + 1, NAME = UPPER(NAME) WHERE ID >= 2"));
    assertEquals(List.of("[1, one, a@x, 10]", "[2, TWO, b@x, 21]", "[3, THREE, null, 31]"), db.text("T"));
    String plan = db.explain("UPDATE T SET N = 0 WHERE ID = 1");
    assertTrue(plan.contains("CascadeTableModify(table=[[PUBLIC, T]], operation=[UPDATE], updateColumnList=[[N]]"),
        plan);
  }

  @Test
  void updateOfEveryKeyReadsAtOneSnapshot() throws Exception {
    assertEquals(3, db.update("UPDATE T SET ID = ID + 1"));
    assertEquals(List.of("[2, one, a@x, 10]", "[3, two, b@x, 20]", "[4, three, null, 30]"), db.text("T"));
    assertEquals(3, db.update("UPDATE T SET ID = 5 - ID"));
    assertEquals(List.of("[1, three, null, 30]", "[2, two, b@x, 20]", "[3, one, a@x, 10]"), db.text("T"));
  }

  @Test
  void updateMovingOntoAnExistingKeyFails() {
    db.fails("23505", "UPDATE T SET ID = 3 WHERE ID = 1");
    db.fails("23505", "UPDATE T SET ID = 7");
    assertEquals(List.of("[1, one, a@x, 10]", "[2, two, b@x, 20]", "[3, three, null, 30]"), db.text("T"));
  }

  @Test
  void updateKeepsUniqueIndexesRight() throws Exception {
    db.fails("23505", "UPDATE T SET EMAIL = 'b@x' WHERE ID = 1");
    assertEquals(2, db.update("UPDATE T SET EMAIL = CASE ID WHEN 1 THEN 'b@x' ELSE 'a@x' END WHERE ID <= 2"));
    assertEquals(1, db.update("UPDATE T SET EMAIL = 'c@x' WHERE ID = 1"));
    assertEquals(1, db.update("UPDATE T SET EMAIL = 'b@x' WHERE ID = 3"));
    assertEquals(List.of("[1, one, c@x, 10]", "[2, two, a@x, 20]", "[3, three, b@x, 30]"), db.text("T"));
  }

  @Test
  void updateToNullOfANotNullColumnFails() throws Exception {
    db.create("NN", new int[] {0}, notNull("ID", ColumnType.INTEGER), notNull("V", ColumnType.INTEGER));
    db.update("INSERT INTO NN VALUES (1, 1)");
    db.fails("23502", "UPDATE NN SET V = CASE WHEN ID = 1 THEN NULL ELSE 1 END");
    assertEquals(List.of("[1, 1]"), db.text("NN"));
  }

  @Test
  void deleteWithAndWithoutWhere() throws Exception {
    assertEquals(1, db.update("DELETE FROM T WHERE NAME = 'two'"));
    assertEquals(List.of("[1, one, a@x, 10]", "[3, three, null, 30]"), db.text("T"));
    String plan = db.explain("DELETE FROM T WHERE ID = 1");
    assertTrue(plan.contains("CascadeTableModify(table=[[PUBLIC, T]], operation=[DELETE]"), plan);
    assertEquals(2, db.update("DELETE FROM T"));
    assertEquals(List.of(), db.text("T"));
    assertEquals(1, db.update("INSERT INTO T VALUES (9, 'nine', 'a@x', 0)"), "the deleted unique value is free");
  }

  @Test
  void preparedUpdateAndDelete() throws Exception {
    try (PreparedStatement ps = db.connection.prepareStatement("UPDATE T SET N = ? WHERE ID = ?")) {
      ps.setInt(1, 99);
      ps.setInt(2, 2);
      assertEquals(1, ps.executeUpdate());
    }
    try (PreparedStatement ps = db.connection.prepareStatement("DELETE FROM T WHERE ID = ?")) {
      ps.setInt(1, 1);
      assertEquals(1, ps.executeUpdate());
      assertEquals(0, ps.executeUpdate());
    }
    assertEquals(List.of("[2, two, b@x, 99]", "[3, three, null, 30]"), db.text("T"));
  }

  @Test
  void hiddenRowIdRowsUpdateAndDelete() throws Exception {
    db.create("H", new int[0], column("A", ColumnType.INTEGER), column("B", ColumnType.VARCHAR));
    db.update("INSERT INTO H VALUES (1, 'x'), (1, 'x'), (2, 'y')");
    assertEquals(2, db.update("UPDATE H SET B = 'z' WHERE A = 1"));
    assertEquals(List.of("[1, z]", "[1, z]", "[2, y]"), db.text("H"));
    assertEquals(2, db.update("DELETE FROM H WHERE B = 'z'"));
    assertEquals(List.of("[2, y]"), db.text("H"));
  }

  @Test
  void insertSelectFromTheSameTable() throws Exception {
    assertEquals(3, db.update("INSERT INTO T (ID, NAME, N) SELECT ID + 100, NAME, N FROM T"));
    assertEquals(6, db.rows("T").size());
  }
}
