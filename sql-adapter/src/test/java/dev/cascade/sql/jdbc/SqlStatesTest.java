package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLSTATEs and messages of statements that fail in the parser, the validator or at run time, through the driver. */
class SqlStatesTest {
  @TempDir
  static Path dir;
  static Connection conn;

  @BeforeAll
  static void open() throws SQLException {
    conn = JdbcTestSupport.connect(dir);
    JdbcTestSupport.createSampleTables(JdbcTestSupport.store(conn));
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
  }

  private static SQLException fails(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Statement s = conn.createStatement()) {
        s.execute(sql);
        if (s.getResultSet() != null) {
          try (ResultSet rs = s.getResultSet()) {
            while (rs.next()) {
              rs.getObject(1);
            }
          }
        }
      }
    }, sql);
    assertStillUsable();
    return e;
  }

  private static void assertStillUsable() {
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("VALUES 42")) {
      assertTrue(rs.next());
      assertEquals(42, rs.getInt(1));
    } catch (SQLException e) {
      throw new AssertionError("connection unusable after an error", e);
    }
  }

  @Test
  void parseErrorIs42000WithPosition() {
    SQLException e = fails("SELECT * FROM\nFROM ORDERS");
    assertEquals("42000", e.getSQLState());
    assertInstanceOf(SQLSyntaxErrorException.class, e);
    assertTrue(e.getMessage().startsWith("syntax error: "), e.getMessage());
    assertTrue(e.getMessage().contains("\"FROM\" at line 2, column 1")
        || e.getMessage().contains("'FROM' at line 2, column 1"), e.getMessage());
  }

  @Test
  void missingTableIs42S02WithPosition() {
    SQLException e = fails("SELECT * FROM NO_SUCH_TABLE");
    assertEquals("42S02", e.getSQLState());
    assertEquals("Object 'NO_SUCH_TABLE' not found at line 1, column 15", e.getMessage());
  }

  @Test
  void missingColumnIs42S22WithPosition() {
    SQLException e = fails("SELECT region, nope FROM orders");
    assertEquals("42S22", e.getSQLState());
    assertEquals("Column 'NOPE' not found in any table at line 1, column 16", e.getMessage());
  }

  @Test
  void typeMismatchIs42000() {
    SQLException e = fails("SELECT TRUE + 1 FROM orders");
    assertEquals("42000", e.getSQLState());
    assertTrue(e.getMessage().startsWith("Cannot apply '+' to arguments of type"), e.getMessage());
    assertTrue(e.getMessage().contains("at line 1, column 8"), e.getMessage());
  }

  @Test
  void unknownFunctionIs42000() {
    SQLException e = fails("SELECT frobnicate(id) FROM orders");
    assertEquals("42000", e.getSQLState());
    assertTrue(e.getMessage().startsWith("No match found for function signature FROBNICATE"), e.getMessage());
  }

  @Test
  void insertArityMismatchIs21S01() {
    SQLException e = fails("INSERT INTO orders (region, id) VALUES ('eu')");
    assertEquals("21S01", e.getSQLState());
  }

  @Test
  void missingNotNullValueIs23502() {
    SQLException e = fails("INSERT INTO orders (region) VALUES ('eu')");
    assertEquals("23502", e.getSQLState());
    assertTrue(e.getMessage().contains("'ID'"), e.getMessage());
  }

  @Test
  void divisionByZeroIs22012() {
    SQLException e = fails("SELECT 1 / (CAST(? AS INTEGER) - 1) FROM (VALUES 1)".replace("?", "1"));
    assertEquals("22012", e.getSQLState());
  }

  /**
   * Integer arithmetic that leaves its type fails with 22003 rather than wrapping around, in a projection, in a
   * WHERE run inside the shards, and in an UPDATE (which then changes nothing); arithmetic in range still works.
   */
  @Test
  void integerOverflowIs22003() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE ovf (id INT PRIMARY KEY, i INT, b BIGINT)");
      s.execute("INSERT INTO ovf VALUES (1, 2147483647, 9223372036854775807), (2, 5, -9223372036854775808)");
    }
    for (String sql : new String[] {
        "SELECT i + 1 FROM ovf WHERE id = 1",
        "SELECT b * 2 FROM ovf WHERE id = 1",
        "SELECT b - 1 FROM ovf WHERE id = 2",
        "SELECT -b FROM ovf WHERE id = 2",
        "SELECT id FROM ovf WHERE i + 1 > 0",
        "UPDATE ovf SET i = i + 1"}) {
      SQLException e = fails(sql);
      assertEquals("22003", e.getSQLState(), sql + ": " + e.getMessage());
      assertInstanceOf(java.sql.SQLDataException.class, e, sql);
    }
    try (Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT i, i + 1, b / 2 FROM ovf WHERE id = 2")) {
      assertTrue(rs.next());
      assertEquals(5, rs.getInt(1), "the failed UPDATE changed nothing");
      assertEquals(6, rs.getInt(2));
      assertEquals(-4611686018427387904L, rs.getLong(3));
    }
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT i FROM ovf WHERE id = 1")) {
      assertTrue(rs.next());
      assertEquals(Integer.MAX_VALUE, rs.getInt(1), "the failed UPDATE changed nothing");
    }
  }

  @Test
  void badCastIs22018() {
    SQLException e = fails("SELECT CAST(x AS INTEGER) FROM (VALUES 'abc') AS t(x)");
    assertEquals("22018", e.getSQLState());
  }

  @Test
  void preparedStatementErrorsAreTranslatedToo() {
    SQLException e = assertThrows(SQLException.class, () -> conn.prepareStatement("SELECT x FROM nothing_here"));
    assertEquals("42S02", e.getSQLState());
  }
}
