package dev.cascade.sql.ddl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.CascadeDriver;
import dev.cascade.sql.CascadeSchema;
import dev.cascade.sql.SqlStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL through {@code jdbc:cascade:}: the engine catalog changes, every connection sees it, a reopen finds it. */
class DdlEndToEndTest {
  /** Small stores keep the test fast: two shards, 1 MiB cache and memtables. */
  private static final String SMALL = ";shards=2;cacheBytes=1m;memtableBytes=1m";

  @TempDir
  Path dir;
  private final List<Connection> open = new ArrayList<>();
  private Connection conn;

  @BeforeEach
  void connect() throws SQLException {
    conn = newConnection();
  }

  @AfterEach
  void closeAll() throws SQLException {
    for (Connection c : open) {
      c.close();
    }
  }

  private Connection newConnection() throws SQLException {
    Connection c = DriverManager.getConnection(CascadeDriver.PREFIX + dir + SMALL);
    open.add(c);
    return c;
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private void exec(String sql) throws SQLException {
    exec(conn, sql);
  }

  private static SqlStore store(Connection c) throws SQLException {
    return c.unwrap(CalciteConnection.class).getRootSchema().subSchemas().get(CascadeDriver.SCHEMA)
        .unwrap(CascadeSchema.class).store();
  }

  private TableDef table(String name) throws SQLException {
    return store(conn).catalog().table(name);
  }

  /** Runs {@code sql}, expects it to fail with {@code state}, and returns the message. */
  private String fails(String state, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> exec(sql), sql);
    assertEquals(state, e.getSQLState(), e.getMessage());
    return e.getMessage();
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        rows.add(String.join(",", row));
      }
    }
    return rows;
  }

  @Test
  void createTableWritesTheCatalog() throws SQLException {
    exec("create table orders (region varchar(10), id bigint, amount decimal(10, 2) default 0, note varchar,"
        + " primary key (region, id)) partition by (region)");
    TableDef t = table("ORDERS");
    assertNotNull(t);
    assertEquals(List.of("REGION", "ID", "AMOUNT", "NOTE"), t.columns().stream().map(ColumnDef::name).toList());
    assertArrayEquals(new int[] {0, 1}, t.primaryKey());
    assertEquals(1, t.partitionColumns());
    ColumnDef amount = t.columns().get(2);
    assertEquals(ColumnType.DECIMAL, amount.type());
    assertEquals(10, amount.precision());
    assertEquals(2, amount.scale());
    assertEquals(0, new BigDecimal("0").compareTo((BigDecimal) amount.defaultValue()));
    assertFalse(t.columns().get(0).nullable());
    assertTrue(t.columns().get(3).nullable());
  }

  @Test
  void tableWithoutKeyGetsAHiddenRowId() throws SQLException {
    try (Statement s = conn.createStatement()) {
      assertEquals(0, s.executeUpdate("create table log (msg varchar(100))"));
    }
    assertTrue(table("LOG").hasHiddenRowId());
  }

  @Test
  void createTableIfNotExists() throws SQLException {
    exec("create table t (a int primary key)");
    exec("create table if not exists t (b varchar(3) primary key)");
    assertEquals("A", table("T").columns().get(0).name());
    assertTrue(fails("42S01", "create table t (a int primary key)").contains("T"));
    fails("42S01", "create table PUBLIC.t (a int primary key)");
  }

  @Test
  void createTableErrorsHaveStatesAndPositions() {
    String m = fails("42000", "create table t (a int, b int, primary key (a, b)) partition by (b)");
    assertTrue(m.contains("not a prefix") && m.contains("line 1, column"), m);
    fails("42S22", "create table t (a int, primary key (x))");
    fails("42000", "create table t (a int primary key, primary key (a))");
    assertTrue(fails("0A000", "create table t (a uuid)").contains("UUID"));
    fails("0A000", "create or replace table t (a int)");
    fails("42000", "create table t (a int default 1 + 1)");
    m = fails("42000", "create table t (a int primary)");
    assertTrue(m.contains("line 1, column 30"), m);
    fails("42000", "create table nosuch.t (a int)");
    assertTrue(fails("0A000", "create table sys.t (a int)").contains("not a Cascade schema"));
  }

  @Test
  void concurrentCreatesOfOneTableHaveOneWinner() throws Exception {
    int threads = 4;
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      connections.add(newConnection());
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicInteger created = new AtomicInteger();
    List<String> states = Collections.synchronizedList(new ArrayList<>());
    List<Thread> running = new ArrayList<>();
    for (Connection c : connections) {
      Thread t = new Thread(() -> {
        try {
          start.await();
          exec(c, "create table same (a int primary key)");
          created.incrementAndGet();
        } catch (SQLException e) {
          states.add(e.getSQLState());
        } catch (Exception e) {
          states.add(e.toString());
        }
      });
      t.start();
      running.add(t);
    }
    for (Thread t : running) {
      t.join();
    }
    assertEquals(1, created.get(), states.toString());
    assertEquals(Collections.nCopies(threads - 1, "42S01"), states);
  }

  @Test
  void dropTable() throws SQLException {
    exec("create table t (a int primary key)");
    exec("create index t_a on t (a)");
    exec("drop table t cascade");
    assertNull(table("T"));
    fails("42S02", "drop table t");
    exec("drop table if exists t");
    exec("create table t (a int primary key)");
    exec("drop table t restrict");
    assertNull(table("T"));
    assertFalse(indexExists("T_A"));
  }

  private boolean indexExists(String name) throws SQLException {
    for (TableDef t : store(conn).catalog().tables()) {
      for (IndexDef i : t.indexes()) {
        if (i.name().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void createAndDropIndex() throws SQLException {
    exec("create table t (a int primary key, b varchar(5), c int)");
    exec("create index t_bc on t (b, c)");
    exec("create unique index if not exists t_c on t (c)");
    TableDef t = table("T");
    assertEquals(2, t.indexes().size());
    IndexDef bc = t.indexes().get(0);
    assertEquals("T_BC", bc.name());
    assertArrayEquals(new int[] {1, 2}, bc.columns());
    assertFalse(bc.unique());
    assertTrue(t.indexes().get(1).unique());
    exec("create index if not exists t_bc on t (a)");
    assertArrayEquals(new int[] {1, 2}, table("T").indexes().get(0).columns());
    fails("42S11", "create index t_bc on t (a)");
    fails("42S22", "create index t_x on t (x)");
    fails("42000", "create index t_x on t (a, a)");
    fails("42S02", "create index t_x on nosuch (a)");
    exec("drop index t_bc");
    assertEquals(List.of("T_C"), table("T").indexes().stream().map(IndexDef::name).toList());
    fails("42S12", "drop index t_bc");
    exec("drop index if exists t_bc");
  }

  @Test
  void uniqueIndexOverDuplicatesFails() throws SQLException {
    exec("create table t (a int primary key, b int)");
    exec("insert into t values (1, 7), (2, 7), (3, null), (4, null)");
    String m = fails("23505", "create unique index t_b on t (b)");
    assertTrue(m.contains("T_B") || m.contains("7"), m);
    assertTrue(table("T").indexes().isEmpty());
    exec("create unique index t_a_b on t (a, b)");
    exec("create index t_b on t (b)");
  }

  @Test
  void alterTableAddColumn() throws SQLException {
    exec("create table t (a int primary key)");
    exec("insert into t values (1)");
    exec("alter table t add column b varchar(5) default 'x'");
    exec("alter table t add c int");
    exec("alter table t add d int not null default 3");
    TableDef t = table("T");
    assertEquals(List.of("A", "B", "C", "D"), t.columns().stream().map(ColumnDef::name).toList());
    assertEquals("x", t.columns().get(1).defaultValue());
    assertEquals(List.of("1,x,null,3"), rows(conn, "select * from t"));
    fails("42S21", "alter table t add b int");
    fails("42S02", "alter table nosuch add b int");
    fails("42000", "alter table t add e int not null");
    fails("0A000", "alter table t add e int primary key");
    fails("22001", "alter table t add e varchar(1) default 'abc'");
  }

  @Test
  void anotherConnectionSeesDdlAtOnce() throws SQLException {
    Connection other = newConnection();
    exec("create table t (a int primary key, b varchar(3))");
    exec(other, "insert into t values (1, 'x')");
    assertEquals(List.of("1,x"), rows(other, "select * from t"));
    exec(other, "alter table t add c int default 5");
    assertEquals(List.of("1,x,5"), rows(conn, "select a, b, c from t"));
    exec(other, "drop table t");
    assertThrows(SQLException.class, () -> rows(conn, "select * from t"));
  }

  @Test
  void reopenFindsTables() throws SQLException {
    exec("create table t (a int, b decimal(5, 1) default 2.5, primary key (a)) partition by (a)");
    exec("create unique index t_b on t (b)");
    exec("insert into t (a) values (1)");
    closeAll();
    open.clear();
    Connection again = newConnection();
    TableDef t = store(again).catalog().table("T");
    assertNotNull(t);
    assertEquals(new BigDecimal("2.5"), t.columns().get(1).defaultValue());
    assertEquals("T_B", t.indexes().get(0).name());
    assertEquals(List.of("1,2.5"), rows(again, "select * from t"));
  }
}
