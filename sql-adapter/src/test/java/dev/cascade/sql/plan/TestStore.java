package dev.cascade.sql.plan;

import dev.cascade.engine.Options;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import dev.cascade.engine.table.TableKeyPartitioner;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A store for planner tests: tables created and filled through the engine directly, queried through
 * {@code jdbc:cascade:}. Owned by one test.
 */
final class TestStore implements AutoCloseable {
  final Path dir;
  final SqlStore store;
  private final Connection connection;

  private TestStore(Path dir, SqlStore store) throws SQLException {
    this.dir = dir;
    this.store = store;
    this.connection = DriverManager.getConnection("jdbc:cascade:" + dir);
  }

  static TestStore open(Path dir, int shards) throws SQLException {
    Options o = Options.builder().shardCount(shards).memtableBytes(256 << 10).cacheBytes(shards * 256L << 10)
        .walSegmentBytes(256 << 10).partitioner(TableKeyPartitioner.INSTANCE).build();
    return new TestStore(dir, StoreRegistry.acquire(dir, o));
  }

  static ColumnDef col(String name, ColumnType type, boolean nullable) {
    return new ColumnDef(name, type, type == ColumnType.DECIMAL ? 12 : -1, type == ColumnType.DECIMAL ? 3 : 0,
        nullable, null, false);
  }

  TableDef create(String name, List<ColumnDef> columns, int[] primaryKey, int partitionColumns) {
    return store.catalog().createTable(name, columns, primaryKey, partitionColumns, false);
  }

  void insert(String table, List<Object[]> rows) {
    TableCodec codec = TableCodec.of(store.catalog().table(table));
    for (int i = 0; i < rows.size(); i += 1000) {
      WriteBatch b = new WriteBatch();
      for (Object[] row : rows.subList(i, Math.min(rows.size(), i + 1000))) {
        codec.stageInsert(b, row);
      }
      store.db().write(b);
    }
    store.catalog().adjustRowCount(table, rows.size());
  }

  Connection connection() {
    return connection;
  }

  /** Rows of a query, each as a list of JDBC values (getObject). */
  List<List<Object>> query(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    }
  }

  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    List<List<Object>> out = new ArrayList<>();
    int n = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      Object[] row = new Object[n];
      for (int i = 0; i < n; i++) {
        row[i] = rs.getObject(i + 1);
      }
      out.add(Arrays.asList(row));
    }
    return out;
  }

  String explain(String sql) throws SQLException {
    return explainWith("EXPLAIN PLAN FOR ", sql);
  }

  String explainAll(String sql) throws SQLException {
    return explainWith("EXPLAIN PLAN INCLUDING ALL ATTRIBUTES FOR ", sql);
  }

  private String explainWith(String prefix, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(prefix + sql)) {
      StringBuilder b = new StringBuilder();
      while (rs.next()) {
        b.append(rs.getString(1));
      }
      return b.toString();
    }
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
