package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PreparedStatement.executeBatch}: an INSERT or UPSERT of parameter rows commits the whole batch as one
 * atomic write (a failing element leaves nothing, {@link BatchUpdateException} with the element's SQLSTATE);
 * other statements run element by element with the semantics of separate statements.
 */
class ExecuteBatchTest {
  @TempDir
  Path dir;
  Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = JdbcTestSupport.connect(dir);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20) NOT NULL, n INT)");
      s.executeUpdate("CREATE UNIQUE INDEX t_name ON t (name)");
      s.executeUpdate("INSERT INTO t VALUES (1000, 'existing', 0)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private long count() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private PreparedStatement insertBatch(int from, int to) throws SQLException {
    PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)");
    for (int i = from; i < to; i++) {
      ps.setInt(1, i);
      ps.setString(2, "r" + i);
      ps.setInt(3, i % 7);
      ps.addBatch();
    }
    return ps;
  }

  @Test
  void anInsertBatchWritesEveryRowAndCountsOnePerElement() throws SQLException {
    try (PreparedStatement ps = insertBatch(2000, 4500)) {
      int[] counts = ps.executeBatch();
      int[] ones = new int[2500];
      Arrays.fill(ones, 1);
      assertArrayEquals(ones, counts);
    }
    assertEquals(2501, count());
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name, n FROM t WHERE id = 3234")) {
      assertTrue(rs.next());
      assertEquals("r3234", rs.getString(1));
      assertEquals(3234 % 7, rs.getInt(2));
    }
  }

  @Test
  void aDuplicateKeyInsideTheBatchFailsItWithNothingWritten() throws SQLException {
    try (PreparedStatement ps = insertBatch(0, 100)) {
      ps.setInt(1, 50);
      ps.setString(2, "again");
      ps.setInt(3, 0);
      ps.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertTrue(e.getMessage().contains("batch element 101 of 101"), e.getMessage());
      assertTrue(e.getMessage().contains("nothing of the batch was written"), e.getMessage());
      assertEquals(0, e.getUpdateCounts().length);
    }
    assertEquals(1, count());
  }

  @Test
  void aKeyThatExistsFailsTheBatchAtCommitWithNothingWritten() throws SQLException {
    try (PreparedStatement ps = insertBatch(990, 1010)) {
      BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertTrue(e.getMessage().contains("1000"), e.getMessage());
    }
    assertEquals(1, count());
  }

  @Test
  void aUniqueIndexCollisionFailsTheBatch() throws SQLException {
    try (PreparedStatement ps = insertBatch(0, 10)) {
      ps.setInt(1, 10);
      ps.setString(2, "existing");
      ps.setInt(3, 0);
      ps.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertTrue(e.getMessage().contains("T_NAME"), e.getMessage());
    }
    assertEquals(1, count());
  }

  @Test
  void aNotNullViolationFailsTheBatchAndTheConnectionStaysUsable() throws SQLException {
    try (PreparedStatement ps = insertBatch(0, 5)) {
      ps.setInt(1, 5);
      ps.setString(2, null);
      ps.setInt(3, 0);
      ps.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
      assertEquals("23502", e.getSQLState());
      assertTrue(e.getMessage().contains("batch element 6 of 6"), e.getMessage());
    }
    assertEquals(1, count());
    try (PreparedStatement ps = insertBatch(0, 5)) {
      assertEquals(5, ps.executeBatch().length);
    }
    assertEquals(6, count());
  }

  @Test
  void anUpsertBatchKeepsTheLastRowOfAKey() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPSERT INTO t VALUES (?, ?, ?)")) {
      for (int i = 0; i < 3; i++) {
        ps.setInt(1, 1000);
        ps.setString(2, "v" + i);
        ps.setInt(3, i);
        ps.addBatch();
      }
      assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, n FROM t")) {
      assertTrue(rs.next());
      assertEquals("v2", rs.getString(1));
      assertEquals(2, rs.getInt(2));
      assertTrue(!rs.next());
    }
  }

  @Test
  void anUpdateBatchRunsElementByElement() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE t SET n = n + ? WHERE id = ?")) {
      for (int i = 1; i <= 3; i++) {
        ps.setInt(1, i);
        ps.setInt(2, 1000);
        ps.addBatch();
      }
      ps.setInt(1, 1);
      ps.setInt(2, 7);
      ps.addBatch();
      assertArrayEquals(new int[] {1, 1, 1, 0}, ps.executeBatch());
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT n FROM t WHERE id = 1000")) {
      assertTrue(rs.next());
      assertEquals(6, rs.getInt(1));
    }
  }

  @Test
  void anInsertFromAQueryRunsElementByElementAndSeesEarlierElements() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO t SELECT MAX(id) + 1, 'm' || CAST(? AS VARCHAR(5)), 0 FROM t")) {
      for (int i = 0; i < 3; i++) {
        ps.setInt(1, i);
        ps.addBatch();
      }
      assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
    }
    assertEquals(4, count());
  }

  @Test
  void elementsReadEachOfManyParametersByPosition() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE wide (a INT PRIMARY KEY, b INT, c INT, d INT, e INT, f INT, g INT, h INT, i INT,"
          + " j INT, k INT, l VARCHAR(9))");
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO wide VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setQueryTimeout(30); // a timeout is one more variable of each element
      for (int row = 0; row < 3; row++) {
        for (int p = 1; p <= 11; p++) {
          ps.setInt(p, row * 100 + p);
        }
        ps.setString(12, "row" + row);
        ps.addBatch();
      }
      assertArrayEquals(new int[] {1, 1, 1}, ps.executeBatch());
    }
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT a, b, j, k, l FROM wide WHERE a = 201")) {
      assertTrue(rs.next());
      assertEquals(201, rs.getInt(1));
      assertEquals(202, rs.getInt(2));
      assertEquals(210, rs.getInt(3)); // the 10th parameter, ?9
      assertEquals(211, rs.getInt(4)); // the 11th, ?10
      assertEquals("row2", rs.getString(5));
    }
  }

  @Test
  void anUnboundParameterFailsTheBatchWithNothingWritten() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "a");
      ps.setInt(3, 1);
      ps.addBatch();
      ps.clearParameters();
      ps.setInt(1, 2);
      ps.setString(2, "b");
      ps.addBatch();
      SQLException e = assertThrows(SQLException.class, ps::executeBatch);
      assertTrue(e.getMessage().contains("unbound parameter"), e.getMessage());
    }
    assertEquals(1, count());
  }
  /**
   * Batches written in key order into a table without unique indexes: past the table's last row one look at the
   * store's key ranges answers for every key (no lookup each); a row already at the batch's first key, last key or
   * in between is still found (23505, nothing written), and a deleted row in the span does not collide. With the
   * rows in memtables, then in files.
   */
  @Test
  void batchesInKeyOrderStillFindEveryCollision() throws SQLException {
    for (boolean flushed : new boolean[] {false, true}) {
      String table = flushed ? "k_files" : "k_memtables";
      try (Statement s = c.createStatement()) {
        s.executeUpdate("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, v INT)");
        s.executeUpdate("INSERT INTO " + table + " VALUES (100, 0), (200, 0), (300, 0)");
        s.executeUpdate("DELETE FROM " + table + " WHERE id = 200");
      }
      if (flushed) {
        JdbcTestSupport.store(c).db().flush();
      }
      String where = table + ": ";
      assertEquals(100, ascendingBatch(table, 301, 400), where + "after the last row");
      assertDuplicate(table, 280, 300, where + "ends at an existing row");
      assertDuplicate(table, 400, 420, where + "starts at an existing row");
      assertDuplicate(table, 50, 150, where + "an existing row inside");
      assertEquals(101, ascendingBatch(table, 150, 250), where + "over a deleted row");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id), MAX(id) FROM " + table)) {
        rs.next();
        assertEquals(List.of(203L, 100L, 400L), List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)), where);
      }
    }
  }

  /** Inserts ids {@code [from, to]} in order as one batch; returns the rows written. */
  private int ascendingBatch(String table, long from, long to) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
      for (long id = from; id <= to; id++) {
        ps.setLong(1, id);
        ps.setInt(2, 1);
        ps.addBatch();
      }
      return Arrays.stream(ps.executeBatch()).sum();
    }
  }

  private void assertDuplicate(String table, long from, long to, String what) throws SQLException {
    long before = rows(table);
    BatchUpdateException e = assertThrows(BatchUpdateException.class, () -> ascendingBatch(table, from, to), what);
    assertEquals("23505", e.getSQLState(), what + ": " + e.getMessage());
    assertEquals(before, rows(table), what + ": nothing written");
  }

  private long rows(String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
