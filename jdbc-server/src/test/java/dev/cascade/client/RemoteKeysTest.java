package dev.cascade.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** getPrimaryKeys and getIndexInfo through jdbc:cascade:remote:, compared with the JDBC spec and the embedded driver. */
class RemoteKeysTest {
  @TempDir static Path dir;
  static TestServer server;
  static Connection remote;

  @BeforeAll
  static void start() throws SQLException {
    server = TestServer.start(dir, "protobuf");
    remote = DriverManager.getConnection(server.clientUrl("protobuf"));
    try (Statement s = remote.createStatement()) {
      s.execute("CREATE TABLE orders (region VARCHAR NOT NULL, id BIGINT NOT NULL, customer INT, total DOUBLE,"
          + " code VARCHAR, PRIMARY KEY (region, id))");
      s.execute("CREATE TABLE log (msg VARCHAR)");
      s.execute("CREATE TABLE \"T%\" (k INT PRIMARY KEY)");
      s.execute("CREATE UNIQUE INDEX orders_code ON orders (code)");
      s.execute("CREATE INDEX orders_cust ON orders (customer, total)");
      s.execute("CREATE INDEX log_msg ON log (msg)");
      s.execute("INSERT INTO orders VALUES ('eu', 1, 7, 1.5, 'a'), ('eu', 2, 7, 2.5, 'b'), ('us', 1, 8, 3.5, 'c')");
    }
  }

  @AfterAll
  static void stop() throws SQLException {
    remote.close();
    server.close();
  }

  @Test
  void primaryKeysHaveTheSpecColumnsAndKeyOrder() throws SQLException {
    try (ResultSet rs = remote.getMetaData().getPrimaryKeys(null, null, "ORDERS")) {
      assertColumns(rs, List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"),
          List.of(Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.SMALLINT, Types.VARCHAR));
      // Ordered by COLUMN_NAME (JDBC); KEY_SEQ gives the key order: REGION first.
      assertEquals(List.of("null PUBLIC ORDERS ID 2 PK_ORDERS", "null PUBLIC ORDERS REGION 1 PK_ORDERS"), rows(rs));
    }
  }

  @Test
  void primaryKeysNarrowByExactNamesNotPatterns() throws SQLException {
    DatabaseMetaData md = remote.getMetaData();
    assertEquals(2, count(md.getPrimaryKeys("", "PUBLIC", "ORDERS")), "empty catalog: tables without a catalog");
    assertEquals(0, count(md.getPrimaryKeys(null, "", "ORDERS")), "empty schema: every table has one");
    assertEquals(0, count(md.getPrimaryKeys("CASCADE", null, "ORDERS")), "Cascade tables have no catalog");
    assertEquals(0, count(md.getPrimaryKeys(null, "SYS", "ORDERS")));
    assertEquals(0, count(md.getPrimaryKeys(null, null, "ORD%")), "names are not patterns");
    assertEquals(1, count(md.getPrimaryKeys(null, null, "T%")), "a % in a name is the character");
    assertEquals(0, count(md.getPrimaryKeys(null, null, "orders")), "names are case-sensitive as stored");
    assertEquals(3, count(md.getPrimaryKeys(null, null, null)), "null table: every table");
  }

  @Test
  void tableWithoutKeyHasNoPrimaryKeyRows() throws SQLException {
    assertEquals(0, count(remote.getMetaData().getPrimaryKeys(null, "PUBLIC", "LOG")));
  }

  @Test
  void indexInfoHasTheSpecColumnsAndOrder() throws SQLException {
    try (ResultSet rs = remote.getMetaData().getIndexInfo(null, "PUBLIC", "ORDERS", false, true)) {
      assertColumns(rs, List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
          "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
          "FILTER_CONDITION"), List.of(Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BOOLEAN, Types.VARCHAR,
          Types.VARCHAR, Types.SMALLINT, Types.SMALLINT, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BIGINT,
          Types.VARCHAR));
      // UNIQUE first (NON_UNIQUE false), then by INDEX_NAME and ORDINAL_POSITION; cardinality the row estimate.
      assertEquals(List.of(
          "null PUBLIC ORDERS false null ORDERS_CODE 3 1 CODE A 3 0 null",
          "null PUBLIC ORDERS true null ORDERS_CUST 3 1 CUSTOMER A 0 0 null",
          "null PUBLIC ORDERS true null ORDERS_CUST 3 2 TOTAL A 0 0 null"), rows(rs));
    }
  }

  @Test
  void indexInfoUniqueOnlyAndNarrowing() throws SQLException {
    DatabaseMetaData md = remote.getMetaData();
    assertEquals(1, count(md.getIndexInfo(null, null, "ORDERS", true, false)));
    assertEquals(0, count(md.getIndexInfo(null, null, "LOG", true, false)));
    assertEquals(1, count(md.getIndexInfo(null, null, "LOG", false, false)));
    assertEquals(0, count(md.getIndexInfo(null, null, "T%", false, false)), "primary key alone: no index rows");
    assertEquals(0, count(md.getIndexInfo(null, null, "ORD%", false, false)));
    assertEquals(0, count(md.getIndexInfo("X", null, "ORDERS", false, false)));
    assertEquals(4, count(md.getIndexInfo(null, null, null, false, false)));
  }

  @Test
  void sameAnswersAsTheEmbeddedDriver() throws SQLException {
    try (Connection embedded = DriverManager.getConnection("jdbc:cascade:" + dir)) {
      for (String table : List.of("ORDERS", "LOG", "T%")) {
        assertEquals(rows(embedded.getMetaData().getPrimaryKeys(null, null, table)),
            rows(remote.getMetaData().getPrimaryKeys(null, null, table)), table);
        assertEquals(rows(embedded.getMetaData().getIndexInfo(null, null, table, false, true)),
            rows(remote.getMetaData().getIndexInfo(null, null, table, false, true)), table);
      }
    }
  }

  @Test
  void keysFollowDdl() throws SQLException {
    try (Statement s = remote.createStatement()) {
      s.execute("CREATE TABLE later (a INT, b INT, PRIMARY KEY (b, a))");
      try (ResultSet rs = remote.getMetaData().getPrimaryKeys(null, null, "LATER")) {
        assertEquals(List.of("null PUBLIC LATER A 2 PK_LATER", "null PUBLIC LATER B 1 PK_LATER"), rows(rs));
      }
      s.execute("DROP TABLE later");
      assertEquals(0, count(remote.getMetaData().getPrimaryKeys(null, null, "LATER")));
    }
  }

  @Test
  void otherMetadataIsAvaticas() throws SQLException {
    DatabaseMetaData md = remote.getMetaData();
    assertEquals("Cascade JDBC client", md.getDriverName());
    assertTrue(md.getURL().startsWith("jdbc:cascade:remote:"), md.getURL());
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, "PUBLIC", "%", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertTrue(tables.containsAll(List.of("ORDERS", "LOG")), tables.toString());
  }

  @Test
  void plainAvaticaClientSeesNoKeys() throws SQLException {
    // What docs/client.md says stock Avatica clients miss, and the reason this driver exists.
    String url = server.clientUrl("protobuf").replace("jdbc:cascade:remote:", "jdbc:avatica:remote:");
    try (Connection plain = DriverManager.getConnection(url)) {
      assertEquals(0, count(plain.getMetaData().getPrimaryKeys(null, "PUBLIC", "ORDERS")));
      assertEquals(0, count(plain.getMetaData().getIndexInfo(null, "PUBLIC", "ORDERS", false, true)));
      assertEquals(2, count(plain.createStatement().executeQuery(
          "SELECT * FROM SYS.PRIMARY_KEYS WHERE TABLE_NAME = 'ORDERS'")));
    }
  }

  @Test
  void metadataResultSetClosesItsStatement() throws SQLException {
    ResultSet rs = remote.getMetaData().getPrimaryKeys(null, null, "ORDERS");
    Statement st = rs.getStatement();
    rs.close();
    assertTrue(st.isClosed());
  }

  static void assertColumns(ResultSet rs, List<String> names, List<Integer> types) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> actualNames = new ArrayList<>();
    List<Integer> actualTypes = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      actualNames.add(md.getColumnLabel(i));
      actualTypes.add(md.getColumnType(i));
    }
    assertEquals(names, actualNames);
    assertEquals(types, actualTypes);
  }

  static List<String> rows(ResultSet rs) throws SQLException {
    try (rs) {
      List<String> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? " " : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  static int count(ResultSet rs) throws SQLException {
    return rows(rs).size();
  }
}
