package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DatabaseMetaData of the driver: primary keys and index info from the catalog; tables and columns from Calcite. */
class CascadeMetaTest {
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

  private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (String c : columns) {
          b.append(b.isEmpty() ? "" : "|").append(rs.getString(c));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void primaryKeysComeFromTheCatalog() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    assertEquals(List.of("PUBLIC|ORDERS|ID|2|PK_ORDERS", "PUBLIC|ORDERS|REGION|1|PK_ORDERS"),
        rows(md.getPrimaryKeys(null, "PUBLIC", "ORDERS"), "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ",
            "PK_NAME"));
    assertEquals(List.of(), rows(md.getPrimaryKeys(null, null, "LOG"), "COLUMN_NAME"), "hidden row id: no key");
    assertEquals(List.of(), rows(md.getPrimaryKeys(null, "OTHER", "ORDERS"), "COLUMN_NAME"));
    assertEquals(2, rows(md.getPrimaryKeys(null, null, null), "COLUMN_NAME").size());
    try (ResultSet rs = md.getPrimaryKeys(null, null, "ORDERS")) {
      assertEquals(Types.SMALLINT, rs.getMetaData().getColumnType(5));
      assertEquals("KEY_SEQ", rs.getMetaData().getColumnName(5));
    }
  }

  @Test
  void indexInfoComesFromTheCatalog() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    assertEquals(List.of("ORDERS|false|ORDERS_NOTE|1|NOTE|3", "ORDERS|true|ORDERS_AMOUNT|1|AMOUNT|3",
            "ORDERS|true|ORDERS_AMOUNT|2|NOTE|3"),
        rows(md.getIndexInfo(null, "PUBLIC", "ORDERS", false, true), "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME",
            "ORDINAL_POSITION", "COLUMN_NAME", "TYPE"));
    assertEquals(List.of("ORDERS_NOTE"), rows(md.getIndexInfo(null, null, "ORDERS", true, true), "INDEX_NAME"));
    assertEquals(List.of(), rows(md.getIndexInfo(null, null, "LOG", false, true), "INDEX_NAME"));
  }

  @Test
  void columnsHaveJdbcTypes() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    assertEquals(List.of("REGION|12|10|NO", "ID|-5|19|NO", "AMOUNT|3|10|YES", "NOTE|12|null|YES"),
        rows(md.getColumns(null, "PUBLIC", "ORDERS", null), "COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE",
            "IS_NULLABLE"));
  }

  @Test
  void tablesIncludeTheSystemTables() throws SQLException {
    DatabaseMetaData md = conn.getMetaData();
    List<String> tables = rows(md.getTables(null, null, null, null), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE");
    assertTrue(tables.contains("PUBLIC|ORDERS|TABLE"), tables.toString());
    assertTrue(tables.contains("PUBLIC|LOG|TABLE"), tables.toString());
    for (String t : List.of("TABLES", "COLUMNS", "PRIMARY_KEYS", "INDEXES", "SHARDS", "STATISTICS")) {
      assertTrue(tables.contains("SYS|" + t + "|SYSTEM TABLE"), tables.toString());
    }
    assertEquals("Cascade JDBC Driver", md.getDriverName());
  }
}
