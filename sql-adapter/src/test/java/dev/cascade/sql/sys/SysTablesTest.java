package dev.cascade.sql.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.sql.jdbc.JdbcTestSupport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SYS tables through the driver, against tables created through the catalog. */
class SysTablesTest {
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

  @Test
  void tables() throws SQLException {
    assertEquals(List.of("PUBLIC|LOG|2|null|null|true|0", "PUBLIC|ORDERS|4|REGION, ID|REGION|false|2"),
        query("SELECT table_schem, table_name, column_count, primary_key, partition_key, hidden_row_id, index_count "
            + "FROM sys.tables ORDER BY table_name"));
  }

  @Test
  void columns() throws SQLException {
    assertEquals(List.of("ORDERS|REGION|1|VARCHAR(10)|12|10|null|false|null|1|false",
            "ORDERS|ID|2|BIGINT|-5|null|null|false|null|2|false",
            "ORDERS|AMOUNT|3|DECIMAL(10, 2)|3|10|2|true|0.00|null|false",
            "ORDERS|NOTE|4|VARCHAR|12|null|null|true|null|null|false"),
        query("SELECT table_name, column_name, ordinal_position, type_name, data_type, column_size, decimal_digits, "
            + "is_nullable, column_default, key_seq, is_hidden FROM sys.columns WHERE table_name = 'ORDERS' "
            + "ORDER BY ordinal_position"));
    assertEquals(List.of("MSG|false", "_ROWID|true"),
        query("SELECT column_name, is_hidden FROM sys.columns WHERE table_name = 'LOG' ORDER BY ordinal_position"));
  }

  @Test
  void primaryKeys() throws SQLException {
    assertEquals(List.of("PUBLIC|ORDERS|REGION|1|PK_ORDERS|true", "PUBLIC|ORDERS|ID|2|PK_ORDERS|false"),
        query("SELECT * FROM sys.primary_keys ORDER BY table_name, key_seq"));
  }

  @Test
  void indexes() throws SQLException {
    assertEquals(List.of("ORDERS_AMOUNT|true|false|1|AMOUNT", "ORDERS_AMOUNT|true|false|2|NOTE",
            "ORDERS_NOTE|false|true|1|NOTE"),
        query("SELECT index_name, non_unique, is_global, ordinal_position, column_name FROM sys.indexes "
            + "ORDER BY index_name, ordinal_position"));
  }

  @Test
  void shardsHaveOneRowPerShard() throws SQLException {
    assertEquals(List.of("0|1", "1|1"), query("SELECT shard, COUNT(*) FROM sys.shards GROUP BY shard ORDER BY shard"));
    List<String> cache = query("SELECT SUM(cache_capacity_bytes), MIN(memtable_bytes) >= 0, MIN(files) >= 0 "
        + "FROM sys.shards");
    assertEquals(List.of((1L << 20) + "|true|true"), cache);
  }

  @Test
  void statistics() throws SQLException {
    JdbcTestSupport.store(conn).catalog().adjustRowCount("LOG", 5);
    assertEquals(List.of("PUBLIC|LOG|5", "PUBLIC|ORDERS|0"), query("SELECT * FROM sys.statistics ORDER BY table_name"));
  }

  @Test
  void sysIsAlsoASubSchemaOfPublic() throws SQLException {
    assertEquals(List.of("2"), query("SELECT COUNT(*) FROM public.sys.tables"));
  }
}
