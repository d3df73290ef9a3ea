package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static dev.cascade.sql.dml.DmlDb.sized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each violation gives its SQLSTATE and a message naming the table, column or index and the value; nothing is
 * applied, and the connection stays usable. */
class ConstraintTest {
  @TempDir
  Path dir;
  DmlDb db;

  @BeforeEach
  void open() throws Exception {
    db = DmlDb.open(dir, DmlDb.OPTIONS.toBuilder().batchEntriesMax(1000).build());
    db.create("T", new int[] {0}, notNull("ID", ColumnType.INTEGER), notNull("NAME", ColumnType.VARCHAR),
        column("EMAIL", ColumnType.VARCHAR), column("TI", ColumnType.TINYINT), sized("D", ColumnType.DECIMAL, 4, 1),
        sized("V", ColumnType.VARCHAR, 3, 0), sized("C", ColumnType.CHAR, 2, 0), sized("B", ColumnType.VARBINARY, 2, 0),
        column("I", ColumnType.INTEGER));
    db.uniqueIndex("T", "T_EMAIL", 2);
    db.update("INSERT INTO T (ID, NAME, EMAIL) VALUES (1, 'one', 'a@x'), (2, 'two', NULL)");
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  private void unchanged() {
    assertEquals(List.of("[1, one, a@x, null, null, null, null, null, null]",
        "[2, two, null, null, null, null, null, null, null]"), db.text("T"));
  }

  private void failsWith(String sqlState, String sql, String... inMessage) {
    String message = DmlDb.messageOf(db.fails(sqlState, sql));
    for (String part : inMessage) {
      assertTrue(message.contains(part), () -> "message '" + message + "' lacks '" + part + "'");
    }
    unchanged();
  }

  @Test
  void notNullColumn() {
    failsWith("23502", "INSERT INTO T (ID, NAME) SELECT 3, CAST(NULL AS VARCHAR) FROM (VALUES (0))", "T.NAME");
  }

  @Test
  void duplicatePrimaryKeyAgainstTheTable() {
    failsWith("23505", "INSERT INTO T (ID, NAME) VALUES (3, 'three'), (1, 'again')", "T", "(ID) = (1)");
  }

  @Test
  void duplicatePrimaryKeyWithinTheStatement() {
    failsWith("23505", "INSERT INTO T (ID, NAME) VALUES (5, 'a'), (5, 'b')", "two rows", "(ID) = (5)");
  }

  @Test
  void uniqueIndex() {
    failsWith("23505", "INSERT INTO T (ID, NAME, EMAIL) VALUES (3, 'c', 'a@x')", "T_EMAIL", "'a@x'");
    failsWith("23505", "INSERT INTO T (ID, NAME, EMAIL) VALUES (3, 'c', 'b@x'), (4, 'd', 'b@x')", "T_EMAIL");
  }

  @Test
  void nullsNeverConflictInAUniqueIndex() throws Exception {
    assertEquals(2, db.update("INSERT INTO T (ID, NAME, EMAIL) VALUES (3, 'c', NULL), (4, 'd', NULL)"));
  }

  @Test
  void numericOutOfRange() {
    failsWith("22003", "INSERT INTO T (ID, NAME, TI) SELECT 3, 'c', x FROM (VALUES (1000)) AS v(x)", "T", "1000");
    failsWith("22003", "INSERT INTO T (ID, NAME, D) VALUES (3, 'c', 1234.5)", "DECIMAL(4, 1)");
    failsWith("22003", "INSERT INTO T (ID, NAME, I) SELECT 3, 'c', x FROM (VALUES (CAST(3000000000 AS BIGINT))) "
        + "AS v(x)", "T", "3000000000");
  }

  @Test
  void stringTooLong() {
    failsWith("22001", "INSERT INTO T (ID, NAME, V) VALUES (3, 'c', 'abcd')", "T.V");
  }

  @Test
  void stringLiteralTooLong() {
    failsWith("22001", "INSERT INTO T (ID, NAME, V) VALUES (3, 'c', 'abcd')", "T.V", "'abcd'");
    failsWith("22001", "INSERT INTO T VALUES (3, 'c', NULL, NULL, NULL, NULL, 'abc', NULL, NULL)", "T.C");
    failsWith("22001", "INSERT INTO T (ID, NAME, B) VALUES (3, 'c', X'010203')", "T.B");
    failsWith("22001", "UPDATE T SET V = 'abcd' WHERE ID = 1", "T.V");
  }

  @Test
  void computedStringTooLong() {
    failsWith("22001", "INSERT INTO T (ID, NAME, V) SELECT 3, 'c', x FROM (VALUES ('abcd')) AS v(x)", "T.V");
    failsWith("22001", "INSERT INTO T (ID, NAME, V) SELECT ID + 10, NAME, NAME || 'x' FROM T", "T.V");
    failsWith("22001", "UPDATE T SET V = NAME || 'x' WHERE ID = 2", "T.V", "'twox'");
    failsWith("22001", "UPDATE T SET C = NAME WHERE ID = 1", "T.C", "'one'");
    failsWith("22001", "INSERT INTO T (ID, NAME, B) SELECT 3, 'c', x FROM (VALUES (X'010203')) AS v(x)", "T.B");
  }

  @Test
  void stringParameterTooLong() throws Exception {
    try (PreparedStatement ps = db.connection.prepareStatement("INSERT INTO T (ID, NAME, V) VALUES (3, 'c', ?)")) {
      ps.setString(1, "abcd");
      SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("22001", DmlDb.sqlStateOf(e), () -> DmlDb.describe(e));
    }
    try (PreparedStatement ps = db.connection.prepareStatement("UPDATE T SET V = ? WHERE ID = 1")) {
      ps.setString(1, "abcd");
      SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertEquals("22001", DmlDb.sqlStateOf(e), () -> DmlDb.describe(e));
      ps.setString(1, "ab");
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals("ab", db.rows("T").get(0)[5]);
  }

  @Test
  void computedStringsThatFitAreStoredAndCharIsPadded() throws Exception {
    db.update("UPDATE T SET V = NAME, C = SUBSTRING(NAME FROM 1 FOR 1) WHERE ID = 1");
    Object[] row = db.rows("T").get(0);
    assertEquals("one", row[5]);
    assertEquals("o ", row[6]);
  }

  @Test
  void trailingSpacesAreCutNotRefused() throws Exception {
    db.update("INSERT INTO T (ID, NAME, V) VALUES (3, 'c', 'ab   ')");
    assertEquals("ab ", db.rows("T").get(2)[5], "the first 3 characters");
  }

  @Test
  void statementTooLargeWritesNothing() {
    StringBuilder sql = new StringBuilder("INSERT INTO T (ID, NAME) VALUES (100, 'x')");
    for (int i = 101; i < 700; i++) {
      sql.append(", (").append(i).append(", 'x')");
    }
    failsWith("54000", sql.toString(), "too large", "nothing was written");
  }

  @Test
  void connectionStaysUsableAfterAnError() throws Exception {
    db.fails("23505", "INSERT INTO T (ID, NAME) VALUES (1, 'dup')");
    assertEquals(1, db.update("INSERT INTO T (ID, NAME) VALUES (3, 'three')"));
    assertEquals(3, db.rows("T").size());
  }

}
