package dev.cascade.demo;

import io.airlift.tpch.TpchColumn;
import io.airlift.tpch.TpchEntity;
import io.airlift.tpch.TpchTable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates TPC-H with {@code io.airlift.tpch} and loads it into an embedded store through {@code jdbc:cascade:DIR}:
 * {@code CREATE TABLE} per {@link TpchSchema}, then prepared {@code INSERT} batches of {@link #BATCH_ROWS} rows.
 *
 * <p>Owned by the thread that calls {@link #load}; one load per instance.
 */
public final class TpchLoader {

  /** Rows per {@code executeBatch}. */
  public static final int BATCH_ROWS = 1000;

  private final Path dir;
  private final double scale;
  private final boolean replace;
  private final PrintWriter out;

  /**
   * @param dir store directory (created if missing)
   * @param scale TPC-H scale factor (0.01 is about 87,000 rows)
   * @param replace drop existing TPC-H tables first instead of refusing
   * @param out where plain-text progress goes when there is no terminal
   */
  public TpchLoader(Path dir, double scale, boolean replace, PrintWriter out) {
    this.dir = dir;
    this.scale = scale;
    this.replace = replace;
    this.out = out;
  }

  /** What was loaded: rows per table (in load order) and the wall time. */
  public record Summary(Path dir, double scale, Map<String, Long> rowsByTable, double seconds) {

    public long rows() {
      return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for the user: rows, tables, seconds, rate. */
    public String describe() {
      return String.format("loaded TPC-H scale factor %s into %s: %,d rows in %d tables in %.1f s (%,.0f rows/s)",
          scale, dir, rows(), rowsByTable.size(), seconds, rows() / Math.max(seconds, 1e-3));
    }
  }

  /** Creates and fills the eight tables in {@code jdbc:cascade:DIR}; refuses (unless {@code replace}) when any exists. */
  public Summary load() throws SQLException {
    // durability=buffered: a crash of the process loses nothing, and a bulk load does not wait for an fsync per batch.
    try (Connection connection = DriverManager.getConnection("jdbc:cascade:" + dir + ";durability=buffered")) {
      return load(connection);
    }
  }

  /** The same over any JDBC connection whose database takes {@link TpchSchema}'s DDL (the tests load H2 with it). */
  public Summary load(Connection connection) throws SQLException {
    long start = System.nanoTime();
    prepareTables(connection);
    Map<String, Long> rows = new LinkedHashMap<>();
    try (LoadProgress progress = LoadProgress.create(totalExpectedRows(), out)) {
      for (TpchTable<?> table : TpchSchema.TABLES) {
        rows.put(TpchSchema.sqlName(table), loadTable(connection, table, progress));
      }
    }
    return new Summary(dir, scale, rows, (System.nanoTime() - start) / 1e9);
  }

  private long totalExpectedRows() {
    return TpchSchema.TABLES.stream().mapToLong(t -> TpchSchema.expectedRows(t, scale)).sum();
  }

  private void prepareTables(Connection connection) throws SQLException {
    List<String> existing = existingTables(connection);
    if (!existing.isEmpty() && !replace) {
      throw new SQLException("the TPC-H tables already exist in " + dir + " (" + String.join(", ", existing)
          + "); use --replace to drop and reload them, or another directory", "42P07");
    }
    try (Statement statement = connection.createStatement()) {
      for (String table : existing) {
        statement.executeUpdate("DROP TABLE " + table);
      }
      for (TpchTable<?> table : TpchSchema.TABLES) {
        statement.executeUpdate(TpchSchema.createTable(table));
      }
    }
  }

  private static List<String> existingTables(Connection connection) throws SQLException {
    List<String> existing = new ArrayList<>();
    DatabaseMetaData metaData = connection.getMetaData();
    for (TpchTable<?> table : TpchSchema.TABLES) {
      try (ResultSet tables = metaData.getTables(null, "PUBLIC", TpchSchema.sqlName(table), null)) {
        if (tables.next()) {
          existing.add(TpchSchema.sqlName(table));
        }
      }
    }
    return existing;
  }

  private <E extends TpchEntity> long loadTable(Connection connection, TpchTable<E> table, LoadProgress progress)
      throws SQLException {
    progress.startTable(TpchSchema.sqlName(table), TpchSchema.expectedRows(table, scale));
    List<TpchColumn<E>> columns = table.getColumns();
    long rows = 0;
    try (PreparedStatement insert = connection.prepareStatement(TpchSchema.insert(table))) {
      int pending = 0;
      for (E entity : table.createGenerator(scale, 1, 1)) {
        for (int i = 0; i < columns.size(); i++) {
          bind(insert, i + 1, columns.get(i), entity);
        }
        insert.addBatch();
        rows++;
        if (++pending == BATCH_ROWS) {
          insert.executeBatch();
          progress.rowsLoaded(pending);
          pending = 0;
        }
      }
      if (pending > 0) {
        insert.executeBatch();
        progress.rowsLoaded(pending);
      }
    }
    progress.endTable(rows);
    return rows;
  }

  /** Binds one generated value with the JDBC type matching {@link TpchSchema#sqlType}. */
  static <E extends TpchEntity> void bind(PreparedStatement insert, int index, TpchColumn<E> column, E entity)
      throws SQLException {
    switch (column.getType().getBase()) {
      case IDENTIFIER -> insert.setLong(index, column.getIdentifier(entity));
      case INTEGER -> insert.setInt(index, column.getInteger(entity));
      case DOUBLE -> insert.setBigDecimal(index, money(column.getDouble(entity)));
      case DATE -> insert.setDate(index, java.sql.Date.valueOf(LocalDate.ofEpochDay(column.getDate(entity))));
      case VARCHAR -> insert.setString(index, column.getString(entity));
    }
  }

  /** The generator's doubles are whole cents (or hundredths): exact as DECIMAL(15,2). */
  static BigDecimal money(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
  }
}
