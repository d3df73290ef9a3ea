package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.sql.CascadeSchema;
import dev.cascade.sql.CascadeSchemaFactory;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cascade mounted through model.json beside another schema in an application's own Calcite connection. */
class SchemaFactoryTest {
  @TempDir
  Path dir;

  private String model(String extraOperands) {
    return "jdbc:calcite:model=inline:{version: '1.0', defaultSchema: 'cascade', schemas: ["
        + "{name: 'cascade', type: 'custom', factory: '" + CascadeSchemaFactory.class.getName() + "', operand: "
        + "{directory: '" + dir + "', shards: 2, cacheBytes: '1m', memtableBytes: '1m'" + extraOperands + "}},"
        + "{name: 'app', tables: [{name: 'REGIONS', type: 'view', sql: \"VALUES ('eu', 'Europe'), ('us', 'USA')\"}]}"
        + "]}";
  }

  private static List<String> query(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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

  private static CascadeSchema cascadeSchema(Connection c) throws SQLException {
    return (CascadeSchema) c.unwrap(CalciteConnection.class).getRootSchema().getSubSchema("cascade")
        .unwrap(CalciteSchema.class).schema;
  }

  @Test
  void queriesAndDmlWorkBesideAnotherSchema() throws SQLException {
    try (Connection driver = JdbcTestSupport.connect(dir)) {
      try (Statement s = driver.createStatement()) {
        s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, region VARCHAR(2) NOT NULL, amount INTEGER)");
      }
      try (Connection app = DriverManager.getConnection(model(""))) {
        CascadeSchema schema = cascadeSchema(app);
        assertSame(JdbcTestSupport.store(driver), schema.store(), "one engine per directory per process");
        try (Statement s = app.createStatement()) {
          assertEquals(3, s.executeUpdate("INSERT INTO orders VALUES (1, 'eu', 10), (2, 'us', 20), (3, 'eu', 5)"));
          assertEquals(1, s.executeUpdate("UPDATE orders SET amount = amount + 1 WHERE id = 3"));
          assertEquals(1, s.executeUpdate("DELETE FROM orders WHERE id = 2"));
        }
        assertEquals(List.of("Europe|16"), query(app, "SELECT r.EXPR$1, SUM(o.amount) FROM orders o "
            + "JOIN \"app\".regions r ON o.region = r.EXPR$0 GROUP BY r.EXPR$1"));
        assertEquals(List.of("ORDERS|ID"), query(app, "SELECT table_name, primary_key FROM sys.tables"));
        assertEquals(List.of("cascade|ORDERS"), query(app, "SELECT table_schem, table_name FROM \"cascade\".sys.tables"));
        assertEquals(List.of("1|eu|10", "3|eu|6"), query(driver, "SELECT * FROM orders ORDER BY id"));
        assertEquals(2, StoreRegistry.references(dir));
        CascadeSchemaFactory.release(schema);
        CascadeSchemaFactory.release(schema);
        assertEquals(1, StoreRegistry.references(dir));
      }
    }
    assertEquals(0, StoreRegistry.references(dir));
  }

  @Test
  void ddlNeedsTheDriver() throws SQLException {
    try (Connection app = DriverManager.getConnection(model(""))) {
      SQLException e = assertThrows(SQLException.class, () -> {
        try (Statement s = app.createStatement()) {
          s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        }
      });
      assertTrue(e.getMessage().contains("CREATE") || e.getMessage().contains("DDL"), e.getMessage());
      CascadeSchemaFactory.release(cascadeSchema(app));
    }
  }

  @Test
  void unknownOperandsAreRefused() {
    Exception e = assertThrows(Exception.class, () -> DriverManager.getConnection(model(", colour: 'blue'")));
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertTrue(root.getMessage().contains("unknown operand 'colour'"), root.getMessage());
    assertEquals(0, StoreRegistry.references(dir));
  }
}
