package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static dev.cascade.sql.dml.DmlDb.sized;
import static dev.cascade.sql.dml.DmlDb.withDefault;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsertTest {
  @TempDir
  Path dir;
  DmlDb db;

  @BeforeEach
  void open() throws Exception {
    db = DmlDb.open(dir);
    db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("NAME", ColumnType.VARCHAR));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void insertValuesWritesRowsAndReturnsTheCount() throws Exception {
    assertEquals(3, db.update("INSERT INTO T VALUES (2, 'b'), (1, 'a'), (3, NULL)"));
    assertEquals(List.of("[1, a]", "[2, b]", "[3, null]"), db.text("T"));
  }

  @Test
  void explainShowsCascadeTableModify() throws Exception {
    String plan = db.explain("INSERT INTO T VALUES (1, 'a')");
    assertTrue(plan.contains("CascadeTableModify(table=[[PUBLIC, T]], operation=[INSERT]"), plan);
  }

  @Test
  void insertSelectAndColumnListInAnyOrder() throws Exception {
    assertEquals(2, db.update("INSERT INTO T SELECT x + 10, y FROM (VALUES (1, 'p'), (2, 'q')) AS v(x, y)"));
    assertEquals(1, db.update("INSERT INTO T (NAME, ID) VALUES ('r', 5)"));
    assertEquals(1, db.update("INSERT INTO T (ID) VALUES (6)"));
    assertEquals(List.of("[11, p]", "[12, q]", "[5, r]", "[6, null]"), db.text("T"));
  }

  @Test
  void preparedInsertWithParameters() throws Exception {
    try (PreparedStatement ps = db.connection.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
      for (int i = 0; i < 5; i++) {
        ps.setInt(1, i);
        ps.setString(2, "n" + i);
        assertEquals(1, ps.executeUpdate());
      }
    }
    assertEquals(List.of("[0, n0]", "[1, n1]", "[2, n2]", "[3, n3]", "[4, n4]"), db.text("T"));
  }

  @Test
  void omittedColumnsTakeTheirDefaults() throws Exception {
    db.create("D", new int[] {0}, notNull("ID", ColumnType.INTEGER),
        withDefault("N", ColumnType.INTEGER, 7), withDefault("S", ColumnType.VARCHAR, "dflt"),
        withDefault("B", ColumnType.BOOLEAN, true), withDefault("DT", ColumnType.DATE, 19000),
        withDefault("TS", ColumnType.TIMESTAMP, 1_700_000_000_000L),
        new dev.cascade.engine.table.ColumnDef("M", ColumnType.DECIMAL, 10, 2, true, new BigDecimal("1.50"), false),
        withDefault("X", ColumnType.DOUBLE, 2.5), column("Z", ColumnType.INTEGER));
    db.update("INSERT INTO D (ID) VALUES (1)");
    db.update("INSERT INTO D (ID, N, S, Z) VALUES (2, 8, 'given', 9)");
    db.update("INSERT INTO D VALUES (3, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, 4)");
    List<Object[]> rows = db.rows("D");
    assertArrayEquals(new Object[] {1, 7, "dflt", true, 19000, 1_700_000_000_000L, new BigDecimal("1.50"), 2.5, null},
        rows.get(0));
    assertArrayEquals(new Object[] {2, 8, "given", true, 19000, 1_700_000_000_000L, new BigDecimal("1.50"), 2.5, 9},
        rows.get(1));
    assertEquals(7, rows.get(2)[1]);
    assertEquals(4, rows.get(2)[8]);
  }

  @Test
  void hiddenRowIdTablesTakeRowsOfTheirVisibleColumns() throws Exception {
    db.create("H", new int[0], column("A", ColumnType.INTEGER), column("B", ColumnType.VARCHAR));
    assertEquals(3, db.update("INSERT INTO H VALUES (1, 'x'), (1, 'x'), (2, NULL)"));
    assertEquals(1, db.update("INSERT INTO H (B) VALUES ('only b')"));
    assertEquals(List.of("[1, x]", "[1, x]", "[2, null]", "[null, only b]"), db.text("H"));
    List<Object[]> rows = db.rows("H");
    assertEquals(4, rows.stream().map(r -> r[2]).distinct().count(), "every row has its own row id");
    assertNotEquals(0L, rows.get(0)[2]);
  }

  @Test
  void typesRoundTrip() throws Exception {
    db.create("TY", new int[] {0}, notNull("ID", ColumnType.BIGINT), column("TI", ColumnType.TINYINT),
        column("SI", ColumnType.SMALLINT), sized("DEC", ColumnType.DECIMAL, 8, 3), column("R", ColumnType.REAL),
        sized("C", ColumnType.CHAR, 4, 0), sized("VB", ColumnType.VARBINARY, 4, 0), column("T", ColumnType.TIME),
        column("TS", ColumnType.TIMESTAMP), column("BO", ColumnType.BOOLEAN));
    db.update("INSERT INTO TY VALUES (-5, -128, 32767, 12.3456, 1.5, 'ab', X'0102', TIME '01:00:00', "
        + "TIMESTAMP '1970-01-02 00:00:00', FALSE)");
    Object[] row = db.rows("TY").get(0);
    assertEquals(-5L, row[0]);
    assertEquals((byte) -128, row[1]);
    assertEquals((short) 32767, row[2]);
    assertEquals(new BigDecimal("12.345"), row[3], "as Calcite casts the literal to DECIMAL(8, 3)");
    assertEquals(1.5f, row[4]);
    assertEquals("ab  ", row[5], "CHAR(n) is padded");
    assertArrayEquals(new byte[] {1, 2}, (byte[]) row[6]);
    assertEquals(3_600_000, row[7]);
    assertEquals(86_400_000L, row[8]);
    assertEquals(false, row[9]);
  }
}
