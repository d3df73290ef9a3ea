package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL, DML and queries through the driver, and the SQLSTATEs of the statements that fail on the way. */
class DriverEndToEndTest {
  @TempDir
  static Path dir;
  static Connection conn;

  @BeforeAll
  static void open() throws SQLException {
    conn = JdbcTestSupport.connect(dir);
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v VARCHAR(5) NOT NULL, u INTEGER)");
      s.execute("CREATE UNIQUE INDEX kv_u ON kv (u)");
      assertEquals(2, s.executeUpdate("INSERT INTO kv VALUES (1, 'one', 10), (2, 'two', 20)"));
    }
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
  }

  private static List<String> query(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i == 1 ? "" : "|").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private static SQLException fails(String sql) {
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Statement s = conn.createStatement()) {
        s.execute(sql);
      }
    }, sql);
    try {
      assertEquals(List.of("1|one|10", "2|two|20"), query("SELECT * FROM kv ORDER BY k"), "nothing half-applied");
    } catch (SQLException x) {
      throw new AssertionError("connection unusable after " + sql, x);
    }
    return e;
  }

  @Test
  void rowsAndMetadataAfterDdl() throws SQLException {
    assertEquals(List.of("1|one|10", "2|two|20"), query("SELECT * FROM kv ORDER BY k"));
    assertEquals(List.of("K|1"), query("SELECT column_name, key_seq FROM sys.primary_keys WHERE table_name = 'KV'"));
    assertEquals(List.of("KV_U|true"), query("SELECT index_name, is_global FROM sys.indexes"));
    try (ResultSet rs = conn.getMetaData().getPrimaryKeys(null, null, "KV")) {
      assertTrue(rs.next());
      assertEquals("K", rs.getString("COLUMN_NAME"));
    }
  }

  @Test
  void duplicateKeyIs23505() {
    SQLException e = fails("INSERT INTO kv VALUES (1, 'uno', 11)");
    assertEquals("23505", e.getSQLState());
    assertInstanceOf(SQLIntegrityConstraintViolationException.class, e);
    assertEquals("23505", fails("INSERT INTO kv VALUES (3, 'three', 30), (4, 'four', 10)").getSQLState());
  }

  @Test
  void notNullIs23502() {
    assertEquals("23502", fails("INSERT INTO kv VALUES (5, CAST(NULL AS VARCHAR(5)), 50)").getSQLState());
    assertEquals("23502", fails("INSERT INTO kv (k, u) VALUES (5, 50)").getSQLState());
  }

  @Test
  void tooLongIs22001() {
    assertEquals("22001", fails("INSERT INTO kv VALUES (6, 'toolong', 60)").getSQLState());
  }

  @Test
  void ddlErrorsHaveNameStates() {
    assertEquals("42S01", fails("CREATE TABLE kv (a INTEGER PRIMARY KEY)").getSQLState());
    assertEquals("42S02", fails("DROP TABLE no_such").getSQLState());
    assertEquals("42S11", fails("CREATE INDEX kv_u ON kv (v)").getSQLState());
    assertEquals("42S12", fails("DROP INDEX no_such_index").getSQLState());
    assertEquals("42S21", fails("ALTER TABLE kv ADD COLUMN v INTEGER").getSQLState());
  }

  @Test
  void anInsertBatchIsAtomicAndAFailureHasItsState() throws SQLException {
    try (PreparedStatement p = conn.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
      for (int k : new int[] {7, 1}) {
        p.setInt(1, k);
        p.setString(2, "b" + k);
        p.setInt(3, 100 + k);
        p.addBatch();
      }
      SQLException e = assertThrows(java.sql.BatchUpdateException.class, p::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertEquals(List.of(), query("SELECT k, v FROM kv WHERE k = 7"), "one atomic batch: nothing written");
    } finally {
      try (Statement s = conn.createStatement()) {
        s.executeUpdate("DELETE FROM kv WHERE k = 7");
      }
    }
  }

  @Test
  void useAfterCloseHasAState() throws SQLException {
    Statement s = conn.createStatement();
    s.close();
    assertEquals("HY010", assertThrows(SQLException.class, () -> s.executeQuery("VALUES 1")).getSQLState());
    Connection other = JdbcTestSupport.connect(dir);
    other.close();
    assertEquals("08003", assertThrows(SQLException.class, other::createStatement).getSQLState());
    assertEquals("08003", assertThrows(SQLException.class, other::commit).getSQLState());
  }

  @Test
  void preparedInsertErrorsAreTranslated() throws SQLException {
    try (PreparedStatement p = conn.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
      p.setInt(1, 2);
      p.setString(2, "dup");
      p.setInt(3, 99);
      SQLException e = assertThrows(SQLException.class, p::executeUpdate);
      assertEquals("23505", e.getSQLState());
    }
  }

  @Test
  void ddlThroughPreparedStatementRunsOnceAndCountsZero() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("CREATE TABLE prepared_ddl (id INTEGER PRIMARY KEY)")) {
      assertEquals(0, ps.executeUpdate());
    }
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO prepared_ddl VALUES (?)")) {
      ps.setInt(1, 7);
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(List.of("7"), query("SELECT id FROM prepared_ddl"));
    try (PreparedStatement ps = conn.prepareStatement("DROP TABLE prepared_ddl")) {
      assertEquals(false, ps.execute());
      assertEquals(0, ps.getUpdateCount());
    }
    assertEquals("42S02", fails("SELECT * FROM prepared_ddl").getSQLState());
  }
  /**
   * A prepared query reads the values bound when it executes (its result set asks for its rows without them, and
   * they come from the statement): a rebind, a NULL, a missing value, and the statement's clock variables.
   */
  @Test
  void aPreparedQueryReadsTheValuesBoundAtEachExecution() throws SQLException {
    try (PreparedStatement p = conn.prepareStatement(
        "SELECT v, CURRENT_TIMESTAMP IS NOT NULL FROM kv WHERE k = ? OR u = ? ORDER BY k")) {
      p.setInt(1, 1);
      p.setInt(2, 20);
      assertEquals(List.of("one|true", "two|true"), rows(p));
      p.setInt(1, 2);
      p.setNull(2, java.sql.Types.INTEGER);
      assertEquals(List.of("two|true"), rows(p));
      p.clearParameters();
      p.setInt(1, 1);
      SQLException e = assertThrows(SQLException.class, p::executeQuery);
      assertTrue(e.getMessage().contains("unbound parameter"), e.getMessage());
      p.setInt(2, 10);
      assertEquals(List.of("one|true"), rows(p));
    }
  }

  /**
   * A prepared statement's setters keep Avatica's checks and values (Cascade's statement only reads the calendar
   * without a lock): an ordinal out of range or a closed statement is refused, and DATE and TIMESTAMP values,
   * which go through the calendar, round-trip.
   */
  @Test
  void preparedSettersKeepTheirChecksAndValues() throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE dated (id INTEGER PRIMARY KEY, d DATE, t TIMESTAMP)");
    }
    PreparedStatement p = conn.prepareStatement("INSERT INTO dated VALUES (?, ?, ?)");
    SQLException range = assertThrows(SQLException.class, () -> p.setInt(4, 1));
    assertTrue(range.getMessage().contains("parameter ordinal 4 out of range"), range.getMessage());
    p.setInt(1, 1);
    p.setDate(2, java.sql.Date.valueOf("2026-11-27"));
    p.setTimestamp(3, java.sql.Timestamp.valueOf("2026-11-27 05:57:01"));
    assertEquals(1, p.executeUpdate());
    p.close();
    assertThrows(SQLException.class, () -> p.setInt(1, 2));
    assertEquals(List.of("1|2026-11-27|2026-11-27 05:57:01"), query("SELECT id, d, t FROM dated"));
  }

  private static List<String> rows(PreparedStatement p) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getBoolean(2));
      }
    }
    return out;
  }
}
