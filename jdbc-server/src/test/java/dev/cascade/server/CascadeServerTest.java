package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Serialization;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server through Avatica's plain remote driver, in both serializations. */
class CascadeServerTest {
  private static final int LARGE_ROWS = 20_000;
  /** Rows sent in one batch; doubled server-side up to LARGE_ROWS. */
  private static final int SEED_ROWS = LARGE_ROWS / 16;

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void ddlDmlAndPreparedStatements(Serialization serialization) throws Exception {
    try (CascadeServer server = TestServers.start(dir, serialization);
        Connection c = TestServers.connect(server, serialization);
        Statement s = c.createStatement()) {
      assertTrue(server.port() > 0);
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), amount DECIMAL(10, 2))");
      assertEquals(2, s.executeUpdate("INSERT INTO t VALUES (1, 'one', 1.50), (2, 'two', 2.25)"));
      try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
        p.setInt(1, 3);
        p.setString(2, "three");
        p.setBigDecimal(3, new java.math.BigDecimal("3.75"));
        assertEquals(1, p.executeUpdate());
      }
      assertEquals(1, s.executeUpdate("UPDATE t SET name = 'TWO' WHERE id = 2"));
      try (PreparedStatement q = c.prepareStatement("SELECT name, amount FROM t WHERE id = ?")) {
        q.setInt(1, 2);
        try (ResultSet rs = q.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("TWO", rs.getString(1));
          assertEquals(new java.math.BigDecimal("2.25"), rs.getBigDecimal(2));
          assertFalse(rs.next());
        }
      }
      assertEquals(1, s.executeUpdate("DELETE FROM t WHERE id = 1"));
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM t")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getLong(1));
        assertEquals(5, rs.getLong(2));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void largeResultArrivesInFrames(Serialization serialization) throws Exception {
    try (CascadeServer server = TestServers.start(dir, serialization);
        Connection c = TestServers.connect(server, serialization);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(40))");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO big VALUES (?, ?)")) {
        for (int i = 0; i < SEED_ROWS; i++) {
          p.setInt(1, i);
          p.setString(2, "value-" + i);
          p.addBatch();
        }
        p.executeBatch();
      }
      for (int n = SEED_ROWS; n < LARGE_ROWS; n *= 2) {
        s.executeUpdate("INSERT INTO big SELECT id + " + n + ", 'value-' || CAST(id + " + n + " AS VARCHAR) FROM big");
      }
      s.setFetchSize(1000);
      long sum = 0;
      int rows = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, v FROM big")) {
        while (rs.next()) {
          assertEquals("value-" + rs.getInt(1), rs.getString(2));
          sum += rs.getInt(1);
          rows++;
        }
      }
      assertEquals(LARGE_ROWS, rows);
      assertEquals((long) LARGE_ROWS * (LARGE_ROWS - 1) / 2, sum);
    }
  }

  @Test
  void storeIsClosedWithTheServerAndReopens() throws Exception {
    try (CascadeServer server = TestServers.start(dir, Serialization.PROTOBUF);
        Connection c = TestServers.connect(server, Serialization.PROTOBUF);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE k (id INT PRIMARY KEY)");
      s.executeUpdate("INSERT INTO k VALUES (7)");
    }
    assertEquals(0, StoreRegistry.references(dir), "the server released the store");
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:cascade:" + dir);
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM k")) {
      assertTrue(rs.next());
      assertEquals(7, rs.getInt(1));
    }
  }

  @Test
  void joinReturnsAfterClose() throws Exception {
    CascadeServer server = TestServers.start(dir, Serialization.PROTOBUF);
    Thread closer = new Thread(server::close);
    closer.start();
    server.join();
    closer.join();
    server.close();
    // Avatica's client reports a refused connection as a RuntimeException, not an SQLException.
    assertThrows(Exception.class, () -> TestServers.connect(server, Serialization.PROTOBUF)
        .createStatement().executeQuery("VALUES 1"));
  }
}
