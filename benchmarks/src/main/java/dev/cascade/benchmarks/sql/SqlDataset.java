package dev.cascade.benchmarks.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SqlBench's table and rows, the same for every engine: {@code bench(id BIGINT PRIMARY KEY, k INT, v VARCHAR(100),
 * n DOUBLE)}, all NOT NULL. Row {@code id} is a pure function of {@code id}: {@code k} in {@code [0, 100)} (so
 * {@code k = ?} selects about 1% of the rows), a {@link #VALUE_CHARS}-character {@code v} and an {@code n} in
 * {@code [0, 1000)}, so a benchmark can check what it reads without keeping the rows.
 *
 * <p>Stateless.
 */
public final class SqlDataset {
  public static final String TABLE = "bench";
  /** Distinct values of {@code k}; {@code k = ?} selects about 1 / K_VALUES of the rows. */
  public static final int K_VALUES = 100;
  /** Length of every {@code v}, written and updated. */
  public static final int VALUE_CHARS = 64;

  public static final String CREATE = "CREATE TABLE " + TABLE
      + " (id BIGINT NOT NULL PRIMARY KEY, k INT NOT NULL, v VARCHAR(100) NOT NULL, n DOUBLE NOT NULL)";
  public static final String INSERT = "INSERT INTO " + TABLE + " (id, k, v, n) VALUES (?, ?, ?, ?)";
  public static final String COUNT = "SELECT COUNT(*) FROM " + TABLE;

  private static final long N_SALT = 0x5DEECE66DL;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private SqlDataset() {}

  /** {@code k} of row {@code id}. */
  public static int k(long id) {
    return (int) Long.remainderUnsigned(mix(id), K_VALUES);
  }

  /** {@code n} of row {@code id}. */
  public static double n(long id) {
    return (mix(id ^ N_SALT) >>> 11) * 0x1.0p-53 * 1000;
  }

  /** {@code v} of row {@code id} at {@code version} (0 as loaded, updates count up): hex digits of both. */
  public static String value(long id, long version) {
    char[] chars = new char[VALUE_CHARS];
    long bits = mix(id * 31 + version);
    for (int i = 0; i < VALUE_CHARS; i++) {
      if (i % 16 == 0) {
        bits = mix(bits + i);
      }
      chars[i] = HEX[(int) (bits >>> (4 * (i % 16))) & 15];
    }
    return new String(chars);
  }

  /** How many of the rows {@code [0, rows)} have each {@code k}, indexed by {@code k}. */
  public static long[] countsByK(long rows) {
    long[] counts = new long[K_VALUES];
    for (long id = 0; id < rows; id++) {
      counts[k(id)]++;
    }
    return counts;
  }

  /** Creates the empty table. */
  public static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE);
    }
  }

  /**
   * Inserts rows {@code [0, rows)} in key order through one prepared INSERT, {@code batchRows} rows per
   * {@code executeBatch} (in autocommit both drivers commit each row's INSERT on its own), and checks the reported
   * update counts.
   */
  public static void insert(Connection c, long rows, int batchRows) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      int pending = 0;
      for (long id = 0; id < rows; id++) {
        insert.setLong(1, id);
        insert.setInt(2, k(id));
        insert.setString(3, value(id, 0));
        insert.setDouble(4, n(id));
        insert.addBatch();
        if (++pending == batchRows || id == rows - 1) {
          checkBatch(insert.executeBatch(), pending);
          pending = 0;
        }
      }
    }
  }

  /** The table's row count, by a full COUNT(*). */
  public static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(COUNT)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void checkBatch(int[] counts, int expected) {
    if (counts.length != expected) {
      throw new IllegalStateException("executeBatch reported " + counts.length + " counts for " + expected + " rows");
    }
    for (int count : counts) {
      if (count != 1 && count != Statement.SUCCESS_NO_INFO) {
        throw new IllegalStateException("executeBatch reported an update count of " + count + " for one INSERT");
      }
    }
  }

  /** SplitMix64's finalizer: a bijection of {@code long} that scatters neighbouring ids. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
