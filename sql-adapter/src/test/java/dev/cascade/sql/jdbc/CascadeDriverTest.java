package dev.cascade.sql.jdbc;

import static dev.cascade.sql.jdbc.JdbcTestSupport.connect;
import static dev.cascade.sql.jdbc.JdbcTestSupport.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Durability;
import dev.cascade.sql.CascadeDriver;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CascadeDriverTest {
  @TempDir
  Path dir;

  @Test
  void driverIsFoundThroughServiceLoadingAndLeavesRemoteUrlsAlone() throws SQLException {
    Driver d = DriverManager.getDriver(url(dir));
    assertInstanceOf(CascadeDriver.class, d);
    assertFalse(d.acceptsURL("jdbc:cascade:remote:url=http://localhost:8765"));
    assertFalse(d.acceptsURL("jdbc:calcite:"));
    java.util.List<String> names = java.util.Arrays.stream(d.getPropertyInfo(url(dir), new java.util.Properties()))
        .map(p -> p.name).toList();
    assertTrue(names.containsAll(java.util.List.of("shards", "durability", "cacheBytes", "lex")), names.toString());
    assertFalse(names.contains("model"), names.toString());
  }

  @Test
  void connectionsShareOneStoreAndTheLastCloseClosesIt() throws SQLException {
    Connection a = connect(dir);
    Connection b = connect(dir.resolve(".").normalize());
    assertSame(JdbcTestSupport.store(a), JdbcTestSupport.store(b));
    assertEquals(2, StoreRegistry.references(dir));
    a.close();
    a.close();
    assertEquals(1, StoreRegistry.references(dir));
    b.close();
    assertEquals(0, StoreRegistry.references(dir));
    try (Connection c = connect(dir)) { // the directory lock was released: it opens again
      assertEquals(1, StoreRegistry.references(dir));
      assertFalse(c.isClosed());
    }
  }

  @Test
  void concurrentConnectsAndClosesKeepTheCountRight() throws Exception {
    try (Connection base = connect(dir)) {
      int threads = 4;
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            for (int i = 0; i < 10; i++) {
              try (Connection c = connect(dir)) {
                assertSame(JdbcTestSupport.store(base), JdbcTestSupport.store(c));
              }
            }
            return null;
          }));
        }
        for (java.util.concurrent.Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      assertEquals(1, StoreRegistry.references(dir));
    }
    assertEquals(0, StoreRegistry.references(dir));
  }

  @Test
  void autocommitIsOnAndExplicitTransactionsAreRefused() throws SQLException {
    try (Connection c = connect(dir)) {
      assertTrue(c.getAutoCommit());
      c.commit();
      c.rollback();
      c.setAutoCommit(true);
      SQLException e = assertThrows(SQLFeatureNotSupportedException.class, () -> c.setAutoCommit(false));
      assertEquals("0A000", e.getSQLState());
      assertTrue(e.getMessage().contains("setAutoCommit(false)"), e.getMessage());
      assertTrue(c.getAutoCommit());
      assertEquals("0A000", assertThrows(SQLException.class, c::setSavepoint).getSQLState());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("VALUES 1")) {
        assertTrue(rs.next(), "the connection stays usable");
      }
    }
  }

  @Test
  void unwrapAndCastReachCalcite() throws SQLException {
    try (Connection c = connect(dir)) {
      CalciteConnection cc = c.unwrap(CalciteConnection.class);
      assertNotNull(cc.getRootSchema().getSubSchema("PUBLIC"));
      assertNotNull(((CalciteConnection) c).getRootSchema().getSubSchema("SYS"));
      assertEquals("PUBLIC", c.getSchema());
      try (Statement s = c.createStatement()) {
        assertSame(c, s.getConnection());
        try (ResultSet rs = s.executeQuery("VALUES 1")) {
          assertSame(s, rs.getStatement());
        }
      }
      assertSame(c, c.getMetaData().getConnection());
    }
  }

  @Test
  void settingsThatDifferFromTheOpenStoreAreRefused() throws SQLException {
    try (Connection a = DriverManager.getConnection(url(dir) + ";durability=buffered")) {
      assertEquals(Durability.BUFFERED, JdbcTestSupport.store(a).db().options().durability());
      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url(dir) + ";durability=sync"));
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("already open in this process with durability=buffered"), e.getMessage());
      e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(CascadeDriver.PREFIX + dir + ";shards=3"));
      assertTrue(e.getMessage().contains("shards=2"), e.getMessage());
      assertEquals(1, StoreRegistry.references(dir), "a refused connection holds no reference");
      try (Connection b = DriverManager.getConnection(CascadeDriver.PREFIX + dir)) {
        assertSame(JdbcTestSupport.store(a), JdbcTestSupport.store(b), "omitted settings take the open store's");
      }
    }
  }

  @Test
  void anExistingStoreKeepsItsShardCount() throws SQLException {
    try (Connection a = DriverManager.getConnection(CascadeDriver.PREFIX + dir + ";shards=3;cacheBytes=1m")) {
      assertEquals(3, JdbcTestSupport.store(a).db().shardCount());
    }
    try (Connection a = DriverManager.getConnection(CascadeDriver.PREFIX + dir + ";cacheBytes=1m")) {
      assertEquals(3, JdbcTestSupport.store(a).db().shardCount());
    }
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(CascadeDriver.PREFIX + dir + ";shards=2;cacheBytes=1m"));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("created with 3 shards"), e.getMessage());
  }

  @Test
  void createIfMissingFalseRefusesAMissingStore() {
    Path missing = dir.resolve("nope");
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(missing) + ";createIfMissing=false"));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    assertFalse(Files.exists(missing));
  }

  @Test
  void unknownAndUnsafePropertiesFailTheConnection() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url(dir) + ";model=x.json"));
    assertTrue(e.getMessage().contains("'model' cannot be set by a client"), e.getMessage());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url(dir) + ";colour=blue"));
    assertTrue(e.getMessage().contains("unknown connection property 'colour'"), e.getMessage());
    assertEquals(0, StoreRegistry.references(dir));
  }
}
