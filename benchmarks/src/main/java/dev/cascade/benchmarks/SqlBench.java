package dev.cascade.benchmarks;

import dev.cascade.benchmarks.sql.SqlDataset;
import dev.cascade.benchmarks.sql.SqlDb;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SQL through JDBC, Cascade against H2 in the same run: {@code -p engine=cascade} is the embedded
 * {@code jdbc:cascade:<dir>} driver of the SQL adapter, {@code -p engine=h2} is H2 2.3 embedded in file mode
 * ({@code jdbc:h2:file:<dir>/db}, its defaults (MVStore) but for its cache: 256 MiB, Cascade's default, not H2's
 * 16 MiB; H2 reads through the OS page cache as well, Cascade does not, but its flushes fill its own cache as they
 * write). Both get the same table and rows
 * ({@link SqlDataset}: {@code bench(id BIGINT PRIMARY KEY, k INT, v VARCHAR(100), n DOUBLE)}, a 64-character
 * {@code v}), the same statements, prepared once per trial, autocommit on, one client thread. Neither compresses
 * these rows: H2 does not compress by default, and Cascade's LZ4 shrinks them by about 13%, too little to keep
 * (a file whose first blocks save less than a quarter is stored raw; see {@code engine/docs/sst-format.md}). Every
 * trial gets a fresh database in a new directory under {@code /tmp} (or {@code -Dcascade.bench.dir}), deleted at
 * teardown.
 *
 * <p>Durability: H2's default file mode acknowledges a commit before it reaches the file and never fsyncs one: its
 * MVStore writes committed changes from a background thread ({@code WRITE_DELAY}, 500 ms by default), so a crash
 * of the process can lose the last half second or so of commits. The closest Cascade mode is
 * {@code durability=buffered} (the default of {@code -p durability}): each commit is in the WAL, written to the
 * OS, before it is acknowledged, not fsync'ed. That is a little stronger than H2's (it survives a crash of the
 * process), so Cascade pays the difference; {@code -p durability=none} (unlogged, in the memtable until a flush)
 * is much weaker and {@code sync} (fsync'ed, group commit) much stronger. H2 ignores the parameter.
 *
 * <p>Rows (each fails if it reads other rows than the loaded ones, so a wrong engine cannot look fast):
 * <ul>
 *   <li>{@code pointSelect}: {@code SELECT k, v, n FROM bench WHERE id = ?}, a uniformly random loaded key.
 *       Operations per second.
 *   <li>{@code rangeScan1000}: {@code SELECT id, v FROM bench WHERE id BETWEEN ? AND ?} over 1,000 consecutive
 *       loaded keys from a random start, every row read. Scans (of 1,000 rows) per second.
 *   <li>{@code filteredScan}: {@code SELECT id, n FROM bench WHERE k = ?}: a full scan of all {@code rows} rows
 *       with a filter on a column that is not indexed, selecting 1% of them, every selected row read. Scans per
 *       second. {@code k} changes on every call, so that neither engine can answer from a cached result (H2
 *       reuses a query's last result when its parameters and the table did not change).
 *   <li>{@code updateByKey}: {@code UPDATE bench SET v = ? WHERE id = ?}, a random loaded key, a new value of the
 *       same length; one commit per statement. Operations per second.
 *   <li>{@code insertBatch}: {@code rows} rows in key order into an empty table, one prepared INSERT, {@code
 *       batchRows} rows per {@code executeBatch}; in autocommit H2 runs and commits the INSERT once per row of a
 *       batch, Cascade commits each batch as one atomic statement (one key check per 1,024 rows, one write).
 *       SingleShotTime: the score
 *       is seconds per {@code rows} rows (rows per second = rows / score); each invocation gets a fresh database
 *       (created, and deleted afterwards, outside the timing).
 * </ul>
 * The read and update rows use a table of {@code rows} rows (default 1,000,000, as the issue asks) loaded once per
 * trial by the same batched INSERT, then counted with {@code COUNT(*)} and brought to rest (Cascade flushes and
 * waits for compactions, H2 checkpoints); each trial prints how long its load took.
 *
 * <p>Run: {@code benchmarks/run SqlBench} (every row, both engines, 1M rows); a quick check:
 * {@code benchmarks/run SqlBench -f 1 -wi 1 -i 2 -p rows=100000}; one row: {@code benchmarks/run
 * 'SqlBench.pointSelect' -p engine=h2}. On the quiet 2-core VM on 2026-11-26 a trial's load of 100,000 rows took
 * about 3 s for Cascade and 1.2 s for H2 (cold JVMs), and the quick check about 5 minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SqlBench {
  static final int RANGE_ROWS = 1000;
  static final long SEED = 42;

  @Param({SqlDb.CASCADE, SqlDb.H2})
  public String engine;

  /** Rows of the loaded table and of one insertBatch invocation. */
  @Param("1000000")
  public int rows;

  /** Rows per executeBatch, in the load and in insertBatch. */
  @Param("1000")
  public int batchRows;

  /** Cascade's {@code durability} connection property: sync, buffered or none (H2 ignores it). */
  @Param("buffered")
  public String durability;

  /** A database holding {@code rows} loaded rows, for the read and update rows. */
  @State(Scope.Benchmark)
  public static class LoadedDb {
    SqlDb db;
    long[] countsByK;

    @Setup(Level.Trial)
    public void setUp(SqlBench b) throws SQLException {
      if (b.rows < RANGE_ROWS) {
        throw new IllegalArgumentException("rows must be at least " + RANGE_ROWS + ", not " + b.rows);
      }
      db = SqlDb.open(b.engine, "sql-bench-loaded-", b.durability);
      try {
        long start = System.nanoTime();
        Connection c = db.ownConnection();
        SqlDataset.create(c);
        SqlDataset.insert(c, b.rows, b.batchRows);
        long loadedNanos = System.nanoTime() - start;
        long counted = SqlDataset.count(c);
        if (counted != b.rows) {
          throw new IllegalStateException(b.engine + ": COUNT(*) after loading " + b.rows + " rows is " + counted);
        }
        db.settle();
        System.out.printf("%n%s: loaded %,d rows in %.1f s, ready after %.1f s%n", b.engine, b.rows,
            loadedNanos / 1e9, (System.nanoTime() - start) / 1e9);
        countsByK = SqlDataset.countsByK(b.rows);
      } catch (SQLException | RuntimeException | Error e) {
        tearDown();
        throw e;
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (db != null) {
        db.printCacheCounters();
        db.close();
        db = null;
      }
    }
  }

  /** One client thread's connection, prepared statements and random stream, on the loaded database. */
  @State(Scope.Thread)
  public static class Session {
    Connection connection;
    PreparedStatement point;
    PreparedStatement range;
    PreparedStatement filter;
    PreparedStatement update;
    SplittableRandom random;
    int lastK = -1;
    long version;

    @Setup(Level.Trial)
    public void setUp(LoadedDb loaded) throws SQLException {
      random = new SplittableRandom(SEED * 31 + Thread.currentThread().threadId());
      connection = loaded.db.connect();
      String t = SqlDataset.TABLE;
      point = connection.prepareStatement("SELECT k, v, n FROM " + t + " WHERE id = ?");
      range = connection.prepareStatement("SELECT id, v FROM " + t + " WHERE id BETWEEN ? AND ?");
      filter = connection.prepareStatement("SELECT id, n FROM " + t + " WHERE k = ?");
      update = connection.prepareStatement("UPDATE " + t + " SET v = ? WHERE id = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }

    /** A {@code k} other than the previous call's. */
    int nextK() {
      int k = lastK < 0 ? random.nextInt(SqlDataset.K_VALUES)
          : (lastK + 1 + random.nextInt(SqlDataset.K_VALUES - 1)) % SqlDataset.K_VALUES;
      lastK = k;
      return k;
    }
  }

  /**
   * A fresh database with an empty table for every insertBatch invocation; after the invocation its rows are
   * counted (untimed), so an engine that drops rows cannot look fast.
   */
  @State(Scope.Thread)
  public static class EmptyDb {
    SqlDb db;
    /** Rows the invocation inserted, checked at teardown; -1 until it has. */
    long insertedRows = -1;

    @Setup(Level.Invocation)
    public void setUp(SqlBench b) throws SQLException {
      insertedRows = -1;
      db = SqlDb.open(b.engine, "sql-bench-empty-", b.durability);
      try {
        SqlDataset.create(db.ownConnection());
      } catch (SQLException | RuntimeException | Error e) {
        tearDown();
        throw e;
      }
    }

    @TearDown(Level.Invocation)
    public void tearDown() throws SQLException {
      if (db == null) {
        return;
      }
      try {
        long counted = insertedRows < 0 ? -1 : SqlDataset.count(db.ownConnection());
        if (counted != insertedRows) {
          throw new IllegalStateException(db.engine() + ": COUNT(*) after inserting " + insertedRows + " rows is "
              + counted);
        }
      } finally {
        db.close();
        db = null;
      }
    }
  }

  @Benchmark
  public double pointSelect(SqlBench b, Session s) throws SQLException {
    long id = s.random.nextLong(b.rows);
    s.point.setLong(1, id);
    try (ResultSet r = s.point.executeQuery()) {
      if (!r.next()) {
        throw new IllegalStateException(b.engine + ": loaded key " + id + " not found");
      }
      int k = r.getInt(1);
      if (k != SqlDataset.k(id) || r.getString(2).length() != SqlDataset.VALUE_CHARS) {
        throw new IllegalStateException(b.engine + ": row " + id + " read back wrong (k " + k + ")");
      }
      return r.getDouble(3);
    }
  }

  @Benchmark
  public long rangeScan1000(SqlBench b, Session s) throws SQLException {
    long from = s.random.nextLong(b.rows - RANGE_ROWS + 1);
    s.range.setLong(1, from);
    s.range.setLong(2, from + RANGE_ROWS - 1);
    long n = 0;
    long chars = 0;
    try (ResultSet r = s.range.executeQuery()) {
      while (r.next()) {
        n++;
        chars += r.getLong(1) + r.getString(2).length();
      }
    }
    if (n != RANGE_ROWS) {
      throw new IllegalStateException(b.engine + ": range from " + from + " read " + n + " rows, not " + RANGE_ROWS);
    }
    return chars;
  }

  @Benchmark
  public double filteredScan(SqlBench b, LoadedDb loaded, Session s) throws SQLException {
    int k = s.nextK();
    s.filter.setInt(1, k);
    long n = 0;
    double sum = 0;
    try (ResultSet r = s.filter.executeQuery()) {
      while (r.next()) {
        n++;
        sum += r.getLong(1) + r.getDouble(2);
      }
    }
    if (n != loaded.countsByK[k]) {
      throw new IllegalStateException(b.engine + ": k = " + k + " read " + n + " rows, not " + loaded.countsByK[k]);
    }
    return sum;
  }

  @Benchmark
  public int updateByKey(SqlBench b, Session s) throws SQLException {
    long id = s.random.nextLong(b.rows);
    s.update.setString(1, SqlDataset.value(id, ++s.version));
    s.update.setLong(2, id);
    int updated = s.update.executeUpdate();
    if (updated != 1) {
      throw new IllegalStateException(b.engine + ": UPDATE of loaded key " + id + " updated " + updated + " rows");
    }
    return updated;
  }

  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @Warmup(iterations = 1)
  @Measurement(iterations = 3)
  public void insertBatch(SqlBench b, EmptyDb empty) throws SQLException {
    SqlDataset.insert(empty.db.ownConnection(), b.rows, b.batchRows);
    empty.insertedRows = b.rows;
  }
}
