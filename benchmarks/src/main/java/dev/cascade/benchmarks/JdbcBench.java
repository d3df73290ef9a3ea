package dev.cascade.benchmarks;

import dev.cascade.benchmarks.db.StoreDirs;
import dev.cascade.benchmarks.sql.SqlDataset;
import dev.cascade.server.CascadeServer;
import dev.cascade.server.ServerConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Remote JDBC against embedded JDBC in the same run: {@code -p transport=embedded} is the embedded
 * {@code jdbc:cascade:<dir>} driver (the baseline), {@code protobuf} and {@code json} are the client driver
 * {@code jdbc:cascade:remote:url=http://127.0.0.1:PORT;serialization=...} against a {@link CascadeServer} in the
 * same process, listening on a free loopback port and speaking that serialization (Avatica's server speaks one).
 * Every transport reaches the same store: the server opens it in a fresh directory (durability {@code buffered})
 * and the embedded connections share it in-process, so the difference between rows is the HTTP round trip, the
 * serialization and the server's statement bookkeeping.
 *
 * <p>The table is SqlBench's ({@link SqlDataset}: {@code bench(id BIGINT PRIMARY KEY, k INT, v VARCHAR(100),
 * n DOUBLE)}), loaded with {@code rows} rows through an embedded connection at trial setup. Each client thread has
 * its own connection and prepared statements ({@code @State(Scope.Thread)}), autocommit on.
 * <ul>
 *   <li>{@code pointSelect1} / {@code pointSelect16}: {@code SELECT k, v, n FROM bench WHERE id = ?} for a
 *       uniformly random loaded key, the row read and checked; 1 and 16 client threads. Operations per second (all
 *       threads together).
 *   <li>{@code insert1} / {@code insert16}: a single-row {@code INSERT} of a new key (keys handed out from one
 *       counter above the loaded ones), one commit each; 1 and 16 client threads. Operations per second.
 * </ul>
 *
 * <p>Run: {@code benchmarks/run JdbcBench}; quick: {@code benchmarks/run JdbcBench -f 1 -wi 1 -i 2 -r 3}. The
 * ratios to read: protobuf / embedded and json / embedded per row, and protobuf / json.
 *
 * <p>On the shared 2-core VM on 2026-11-26 (load average 10 to 13 from other builds, so within about 2x), the quick
 * run gave, in operations per second, embedded / protobuf / json: pointSelect1 4,541 / 284 / 104, pointSelect16
 * 5,716 / 436 / 301, insert1 1,288 / 182 / 224, insert16 735 / 413 / 593; an earlier run pointSelect1 5,322 / 482 /
 * 504, insert1 1,551 / 197 / 303. A remote point select costs about 10 to 20 embedded ones (one HTTP round trip,
 * some 2 ms under that load); a remote insert 4 to 8 with one client and 1 to 2 with 16, where commits dominate.
 * Protobuf and JSON were not told apart at that noise level.
 *
 * <p>The benchmark state (server, directory, key counter) is set up and torn down by JMH on one thread per trial;
 * the key counter is shared by the measuring threads and atomic.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class JdbcBench {
  static final long SEED = 42;
  static final String EMBEDDED = "embedded";

  @Param({EMBEDDED, "protobuf", "json"})
  public String transport;

  /** Rows loaded before measuring; point selects read among them. */
  @Param("10000")
  public int rows;

  private Path dir;
  private CascadeServer server;
  private String url;
  /** The next key an insert takes; shared by every thread of a trial. */
  private final AtomicLong nextKey = new AtomicLong();
  /**
   * The sessions' open connections. JMH may tear this state down (closing the server) before the other threads'
   * sessions; closing goes through {@link #close(Connection)} and {@link #tearDown()}, both synchronized, so every
   * connection closes once and before the server stops.
   */
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    dir = StoreDirs.create("jdbc-bench-");
    try {
      ServerConfig.Serialization serialization = transport.equals(EMBEDDED) ? ServerConfig.Serialization.PROTOBUF
          : ServerConfig.Serialization.valueOf(transport.toUpperCase(java.util.Locale.ROOT));
      server = CascadeServer.start(new ServerConfig(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
          Optional.empty(), serialization, false, Map.of("durability", "buffered")));
      url = transport.equals(EMBEDDED) ? "jdbc:cascade:" + dir + ";durability=buffered"
          : "jdbc:cascade:remote:url=" + server.url() + ";serialization=" + transport;
      load();
      nextKey.set(rows);
    } catch (SQLException | RuntimeException | Error e) {
      tearDown();
      throw e;
    }
  }

  private void load() throws SQLException {
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:cascade:" + dir + ";durability=buffered")) {
      SqlDataset.create(c);
      SqlDataset.insert(c, rows, 1000);
      long counted = SqlDataset.count(c);
      if (counted != rows) {
        throw new IllegalStateException("COUNT(*) after loading " + rows + " rows is " + counted);
      }
    }
    System.out.printf("%n%s: loaded %,d rows in %.1f s; server at %s%n", transport, rows,
        (System.nanoTime() - start) / 1e9, server.url());
  }

  @TearDown(Level.Trial)
  public synchronized void tearDown() throws SQLException {
    for (Connection c : open) {
      close(c);
    }
    if (server != null) {
      server.close();
      server = null;
    }
    if (dir != null) {
      StoreDirs.delete(dir);
      dir = null;
    }
  }

  synchronized void close(Connection c) throws SQLException {
    if (open.remove(c)) {
      c.close();
    }
  }

  /** One client thread's connection and statements, over the trial's transport. Owned by that JMH thread. */
  @State(Scope.Thread)
  public static class Session {
    Connection connection;
    PreparedStatement point;
    PreparedStatement insert;
    SplittableRandom random;
    JdbcBench bench;

    @Setup(Level.Trial)
    public void setUp(JdbcBench b) throws SQLException {
      bench = b;
      random = new SplittableRandom(SEED * 31 + Thread.currentThread().threadId());
      connection = DriverManager.getConnection(b.url);
      b.open.add(connection);
      point = connection.prepareStatement("SELECT k, v, n FROM " + SqlDataset.TABLE + " WHERE id = ?");
      insert = connection.prepareStatement(SqlDataset.INSERT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      if (connection != null) {
        bench.close(connection);
        connection = null;
      }
    }
  }

  @Benchmark
  @Threads(1)
  public double pointSelect1(Session s) throws SQLException {
    return pointSelect(s);
  }

  @Benchmark
  @Threads(16)
  public double pointSelect16(Session s) throws SQLException {
    return pointSelect(s);
  }

  @Benchmark
  @Threads(1)
  public int insert1(Session s) throws SQLException {
    return insert(s);
  }

  @Benchmark
  @Threads(16)
  public int insert16(Session s) throws SQLException {
    return insert(s);
  }

  private double pointSelect(Session s) throws SQLException {
    long id = s.random.nextLong(rows);
    s.point.setLong(1, id);
    try (ResultSet r = s.point.executeQuery()) {
      if (!r.next() || r.getInt(1) != SqlDataset.k(id)) {
        throw new IllegalStateException(transport + ": row " + id + " is missing or wrong");
      }
      double n = r.getDouble(3) + r.getString(2).length();
      if (r.next()) {
        throw new IllegalStateException(transport + ": two rows for key " + id);
      }
      return n;
    }
  }

  private int insert(Session s) throws SQLException {
    long id = nextKey.getAndIncrement();
    s.insert.setLong(1, id);
    s.insert.setInt(2, SqlDataset.k(id));
    s.insert.setString(3, SqlDataset.value(id, 0));
    s.insert.setDouble(4, SqlDataset.n(id));
    int count = s.insert.executeUpdate();
    if (count != 1) {
      throw new IllegalStateException(transport + ": INSERT of key " + id + " reported " + count + " rows");
    }
    return count;
  }
}
