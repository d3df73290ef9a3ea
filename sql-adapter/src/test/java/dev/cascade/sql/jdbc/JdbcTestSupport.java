package dev.cascade.sql.jdbc;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.CascadeDriver;
import dev.cascade.sql.CascadeSchema;
import dev.cascade.sql.SqlStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;

/** Helpers for the driver tests: small stores, tables created through the catalog. Stateless. */
public final class JdbcTestSupport {
  /** Keeps test stores small: two shards, 1 MiB cache and memtables. */
  public static final String SMALL = ";shards=2;cacheBytes=1m;memtableBytes=1m";

  private JdbcTestSupport() {
  }

  public static String url(Path dir) {
    return CascadeDriver.PREFIX + dir + SMALL;
  }

  public static Connection connect(Path dir) throws SQLException {
    return DriverManager.getConnection(url(dir));
  }

  /** The store behind a driver connection. */
  public static SqlStore store(Connection c) throws SQLException {
    return c.unwrap(CalciteConnection.class).getRootSchema().getSubSchema(CascadeDriver.SCHEMA)
        .unwrap(CascadeSchema.class).store();
  }

  public static ColumnDef col(String name, ColumnType type, boolean nullable) {
    return new ColumnDef(name, type, -1, 0, nullable, null, false);
  }

  public static ColumnDef col(String name, ColumnType type, int precision, int scale, boolean nullable,
      Object defaultValue) {
    return new ColumnDef(name, type, precision, scale, nullable, defaultValue, false);
  }

  /**
   * ORDERS(REGION VARCHAR(10), ID BIGINT, AMOUNT DECIMAL(10, 2) DEFAULT 0, NOTE VARCHAR, PRIMARY KEY (REGION, ID),
   * PARTITION BY (REGION)), a UNIQUE index ORDERS_NOTE on NOTE and an index ORDERS_AMOUNT on (AMOUNT, NOTE);
   * and LOG(MSG VARCHAR) keyed by a hidden row id.
   */
  public static void createSampleTables(SqlStore store) {
    store.catalog().createTable("ORDERS", List.of(col("REGION", ColumnType.VARCHAR, 10, 0, false, null),
        col("ID", ColumnType.BIGINT, false), col("AMOUNT", ColumnType.DECIMAL, 10, 2, true,
            new java.math.BigDecimal("0.00")), col("NOTE", ColumnType.VARCHAR, true)), new int[] {0, 1}, 1, false);
    store.catalog().createIndex("ORDERS", "ORDERS_NOTE", new int[] {3}, true, false);
    store.catalog().createIndex("ORDERS", "ORDERS_AMOUNT", new int[] {2, 3}, false, false);
    store.catalog().createTable("LOG", List.of(col("MSG", ColumnType.VARCHAR, true)), new int[0], 1, false);
  }
}
