package dev.cascade.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DDL, DML, prepared statements and a large result through jdbc:cascade:remote:, over protobuf and JSON servers. */
class RemoteClientTest {
  static final int LARGE_ROWS = 5_000;
  static final int BATCH_ROWS = 200;

  @TempDir static Path dir;
  static final Map<String, TestServer> servers = new TreeMap<>();

  @BeforeAll
  static void start() throws SQLException {
    for (String serialization : List.of("protobuf", "json")) {
      servers.put(serialization, TestServer.start(dir.resolve(serialization), serialization));
    }
  }

  @AfterAll
  static void stop() {
    servers.values().forEach(TestServer::close);
  }

  Connection connect(String serialization) throws SQLException {
    return DriverManager.getConnection(servers.get(serialization).clientUrl(serialization));
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void ddlAndDml(String serialization) throws SQLException {
    try (Connection c = connect(serialization); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR NOT NULL, score DOUBLE)");
      assertEquals(3, s.executeUpdate("INSERT INTO people VALUES (1, 'ann', 1.5), (2, 'bob', NULL), (3, 'cy', 3)"));
      assertEquals(1, s.executeUpdate("UPDATE people SET score = 2.5 WHERE id = 2"));
      assertEquals(1, s.executeUpdate("DELETE FROM people WHERE id = 3"));
      try (ResultSet rs = s.executeQuery("SELECT id, name, score FROM people ORDER BY id")) {
        assertTrue(rs.next());
        assertEquals("1 ann 1.5", rs.getInt(1) + " " + rs.getString(2) + " " + rs.getDouble(3));
        assertTrue(rs.next());
        assertEquals("2 bob 2.5", rs.getInt(1) + " " + rs.getString(2) + " " + rs.getDouble(3));
        assertFalse(rs.next());
      }
      SQLException dup =
          assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO people VALUES (1, 'x', 0)"));
      assertEquals("23505", dup.getSQLState(), dup.getMessage());
      s.execute("DROP TABLE people");
      SQLException gone = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM people"));
      assertTrue(gone.getSQLState().startsWith("42"), gone.getSQLState() + " " + gone.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void preparedStatementsWithParameters(String serialization) throws SQLException {
    try (Connection c = connect(serialization); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id BIGINT PRIMARY KEY, label VARCHAR, price DECIMAL(10, 2), ok BOOLEAN)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < 10; i++) {
          insert.setLong(1, i);
          if (i == 3) {
            insert.setNull(2, Types.VARCHAR);
          } else {
            insert.setString(2, "item-" + i);
          }
          insert.setBigDecimal(3, new java.math.BigDecimal(i + ".25"));
          insert.setBoolean(4, i % 2 == 0);
          assertEquals(1, insert.executeUpdate());
        }
      }
      try (PreparedStatement query = c.prepareStatement("SELECT label, price, ok FROM items WHERE id = ?")) {
        for (long id : new long[] {3, 4}) {
          query.setLong(1, id);
          try (ResultSet rs = query.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(id == 3 ? null : "item-4", rs.getString(1));
            assertEquals(new java.math.BigDecimal(id + ".25"), rs.getBigDecimal(2));
            assertEquals(id == 4, rs.getBoolean(3));
            assertFalse(rs.next());
          }
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id) FROM items WHERE label IS NULL OR ok")) {
        assertTrue(rs.next());
        assertArrayEquals(new long[] {6, 23}, new long[] {rs.getLong(1), rs.getLong(2)});
      }
      s.execute("DROP TABLE items");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void largeResultFetchedInFrames(String serialization) throws SQLException {
    try (Connection c = connect(serialization); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id INT PRIMARY KEY, pad VARCHAR)");
      // A small batch through executeBatch, the rest in multi-row INSERTs (quicker to load).
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO big VALUES (?, ?)")) {
        for (int i = 0; i < BATCH_ROWS; i++) {
          insert.setInt(1, i);
          insert.setString(2, pad(i));
          insert.addBatch();
        }
        assertEquals(BATCH_ROWS, insert.executeBatch().length);
      }
      for (int from = BATCH_ROWS; from < LARGE_ROWS; from += 500) {
        StringBuilder sql = new StringBuilder("INSERT INTO big VALUES ");
        for (int i = from; i < Math.min(LARGE_ROWS, from + 500); i++) {
          sql.append(i > from ? ", " : "").append('(').append(i).append(", '").append(pad(i)).append("')");
        }
        s.executeUpdate(sql.toString());
      }
      s.setFetchSize(100);
      long sum = 0;
      int rows = 0;
      try (ResultSet rs = s.executeQuery("SELECT id, pad FROM big ORDER BY id")) {
        while (rs.next()) {
          assertEquals(rows, rs.getInt(1));
          assertEquals(pad(rows), rs.getString(2));
          sum += rs.getInt(1);
          rows++;
        }
      }
      assertEquals(LARGE_ROWS, rows);
      assertEquals((long) LARGE_ROWS * (LARGE_ROWS - 1) / 2, sum);
      s.execute("DROP TABLE big");
    }
  }

  @org.junit.jupiter.api.Test
  void unreachableServerIsAnSqlException() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:cascade:remote:url=http://127.0.0.1:" + port));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
  }

  static String pad(int i) {
    return "row " + i + " of a result larger than one frame";
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void serializationReachesTheWire(String serialization) throws SQLException {
    // The other serialization cannot read this server's responses: proof that the URL setting is used.
    String other = serialization.equals("json") ? "protobuf" : "json";
    String url = servers.get(serialization).clientUrl(other);
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    assertEquals("08001", e.getSQLState(), e.getMessage());
    try (Connection c = connect(serialization); ResultSet rs = c.createStatement().executeQuery("VALUES 1")) {
      assertTrue(rs.next());
      assertNull(rs.getWarnings());
    }
  }
}
