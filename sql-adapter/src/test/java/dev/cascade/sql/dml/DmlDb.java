package dev.cascade.sql.dml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A store in a temporary directory with a jdbc:cascade: connection on it, for DML tests: tables are created through
 * the catalog, rows are read back through the engine, so these tests depend only on the table layer and the driver.
 *
 * <p>Owned by one test.
 */
final class DmlDb implements AutoCloseable {
  static final Options OPTIONS = Options.builder().shardCount(4).memtableBytes(1 << 20).cacheBytes(4L << 20)
      .durability(Durability.BUFFERED).build();

  final SqlStore store;
  final Connection connection;

  private DmlDb(SqlStore store, Connection connection) {
    this.store = store;
    this.connection = connection;
  }

  static DmlDb open(Path dir) throws Exception {
    return open(dir, OPTIONS);
  }

  static DmlDb open(Path dir, Options options) throws Exception {
    Class.forName("dev.cascade.sql.CascadeDriver");
    SqlStore store = StoreRegistry.acquire(dir, options);
    return new DmlDb(store, DriverManager.getConnection("jdbc:cascade:" + dir));
  }

  static ColumnDef column(String name, ColumnType type) {
    return new ColumnDef(name, type, -1, 0, true, null, false);
  }

  static ColumnDef notNull(String name, ColumnType type) {
    return new ColumnDef(name, type, -1, 0, false, null, false);
  }

  static ColumnDef sized(String name, ColumnType type, int precision, int scale) {
    return new ColumnDef(name, type, precision, scale, true, null, false);
  }

  static ColumnDef withDefault(String name, ColumnType type, Object defaultValue) {
    return new ColumnDef(name, type, -1, 0, true, defaultValue, false);
  }

  TableDef create(String name, int[] primaryKey, ColumnDef... columns) {
    return store.catalog().createTable(name, List.of(columns), primaryKey, primaryKey.length == 0 ? 1 : 1, false);
  }

  void uniqueIndex(String table, String index, int... columns) {
    store.catalog().createIndex(table, index, columns, true, false);
  }

  /** Every row of the table in key order, read through the engine; VARBINARY as byte[]. */
  List<Object[]> rows(String table) {
    TableDef def = store.catalog().table(table);
    TableCodec codec = TableCodec.of(def);
    List<Object[]> rows = new ArrayList<>();
    try (DbIterator it = store.db().iterator(ReadOptions.defaults()
        .withBounds(codec.rowsLowerBound(), codec.rowsUpperBound()))) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        rows.add(codec.decodeRow(it.key(), it.value()));
      }
    }
    return rows;
  }

  /** The rows as text, sorted, visible columns only: {@code [1, a]} per row. */
  List<String> text(String table) {
    TableDef def = store.catalog().table(table);
    int visible = (int) def.columns().stream().filter(c -> !c.hidden()).count();
    return rows(table).stream()
        .map(r -> Arrays.deepToString(Arrays.copyOf(r, visible)))
        .sorted()
        .collect(Collectors.toList());
  }

  int update(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  String explain(String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  /** Runs a statement that must fail with {@code sqlState}; returns the error for more checks. */
  Throwable fails(String sqlState, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> update(sql), sql);
    assertEquals(sqlState, sqlStateOf(e), () -> "SQLSTATE of " + sql + ": " + describe(e));
    return e;
  }

  /** The SQLSTATE the driver reports, or else that of a SqlStateException in the cause chain. */
  static String sqlStateOf(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SqlStateException s) {
        return s.sqlState();
      }
    }
    return e.getSQLState();
  }

  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      b.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" <- ");
    }
    return b.toString();
  }

  /** The message of the SqlStateException in the cause chain (or of the exception). */
  static String messageOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SqlStateException) {
        return t.getMessage();
      }
    }
    return e.getMessage();
  }

  @Override
  public void close() throws SQLException {
    try {
      connection.close();
    } finally {
      StoreRegistry.release(store);
    }
  }
}
