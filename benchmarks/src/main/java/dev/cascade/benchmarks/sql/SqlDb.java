package dev.cascade.benchmarks.sql;

import dev.cascade.benchmarks.db.CascadeKv;
import dev.cascade.benchmarks.db.Loader;
import dev.cascade.benchmarks.db.StoreDirs;
import dev.cascade.engine.Options;
import dev.cascade.engine.ShardProperties;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One embedded SQL database of one engine in a fresh directory (see {@link StoreDirs}), for one trial: Cascade
 * through its own driver ({@code jdbc:cascade:<dir>;durability=...}) or H2 in file mode
 * ({@code jdbc:h2:file:<dir>/db}, its defaults but for a cache as large as Cascade's default: {@link
 * #CACHE_BYTES}). The database holds one connection of its own from open to close,
 * so neither engine shuts down while the benchmark's connections come and go; {@link #close()} also deletes the
 * directory.
 *
 * <p>Thread-safe: {@link #connect()} may be called from any thread; each connection it returns is owned by its
 * caller. {@link #close()} only after every other call has returned and every connection is closed.
 */
public final class SqlDb implements AutoCloseable {
  /** Engine name of Cascade's SQL adapter, as the benchmark's {@code engine} parameter spells it. */
  public static final String CASCADE = "cascade";
  /** Engine name of H2. */
  public static final String H2 = "h2";
  /** Cascade's {@code durability} connection property values, lower case. */
  public static final Set<String> DURABILITIES = Set.of("sync", "buffered", "none");

  /** Cascade's default cache, which H2 gets too (its own default is 16 MiB); H2 sets it in KiB. */
  public static final long CACHE_BYTES = Options.builder().build().cacheBytes();

  private static final String CASCADE_DRIVER = "dev.cascade.sql.CascadeDriver";
  private static final String H2_DRIVER = "org.h2.Driver";

  private final String engine;
  private final Path dir;
  private final String url;
  private Connection own;

  private SqlDb(String engine, Path dir, String url) {
    this.engine = engine;
    this.dir = dir;
    this.url = url;
  }

  /**
   * Opens a new database of {@code engine} ({@link #CASCADE} or {@link #H2}) in a fresh directory named after
   * {@code prefix}. {@code durability} (one of {@link #DURABILITIES}) is Cascade's; H2 keeps its default.
   */
  public static SqlDb open(String engine, String prefix, String durability) {
    if (!DURABILITIES.contains(durability)) {
      throw new IllegalArgumentException("durability must be one of " + DURABILITIES + ", not " + durability);
    }
    String driver = switch (engine) {
      case CASCADE -> CASCADE_DRIVER;
      case H2 -> H2_DRIVER;
      default -> throw new IllegalArgumentException("engine must be " + CASCADE + " or " + H2 + ", not " + engine);
    };
    loadDriver(driver);
    Path dir = StoreDirs.create(prefix);
    String url = engine.equals(CASCADE)
        ? "jdbc:cascade:" + dir + ";durability=" + durability
        : "jdbc:h2:file:" + dir.resolve("db") + ";CACHE_SIZE=" + CACHE_BYTES / 1024;
    SqlDb db = new SqlDb(engine, dir, url);
    try {
      db.own = db.connect();
    } catch (RuntimeException | Error e) {
      StoreDirs.delete(dir);
      throw e;
    }
    return db;
  }

  public String engine() {
    return engine;
  }

  public String url() {
    return url;
  }

  /** A new connection in autocommit mode (the only mode Cascade has so far), owned by the caller. */
  public Connection connect() {
    try {
      Connection c = DriverManager.getConnection(url);
      c.setAutoCommit(true);
      return c;
    } catch (SQLException e) {
      throw new IllegalStateException(engine + ": cannot connect to " + url + ": " + e.getMessage(), e);
    }
  }

  /**
   * Brings a freshly loaded database to rest before its read rows: Cascade flushes every memtable to SSTs and
   * waits for compactions (as DbBench's loader does), H2 writes a checkpoint. Neither is timed.
   */
  public void settle() {
    if (engine.equals(CASCADE)) {
      SqlStore store = StoreRegistry.acquire(dir, Options.builder().build());
      try {
        store.db().flush();
        if (!CascadeKv.awaitQuiet(store.db(), Loader.COMPACTION_WAIT_NANOS)) {
          System.out.println(engine + ": compactions still running after "
              + TimeUnit.NANOSECONDS.toSeconds(Loader.COMPACTION_WAIT_NANOS) + " s; measuring anyway");
        }
        ShardProperties p = store.db().properties().total();
        System.out.printf("%n%s at rest: memtable %,d bytes, files per level %s, %,d live SST bytes; page cache %,d"
            + " hits, %,d misses so far%n", engine, p.memtableBytes(), java.util.Arrays.toString(p.filesPerLevel()),
            p.liveSstBytes(), p.cacheHits(), p.cacheMisses());
      } finally {
        StoreRegistry.release(store);
      }
    } else {
      execute("CHECKPOINT");
    }
  }

  /** Runs one statement without parameters on the database's own connection. */
  public void execute(String sql) {
    try (Statement s = own.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(engine + ": " + sql + " failed: " + e.getMessage(), e);
    }
  }

  /** The database's own connection, for setup work on the calling thread only. */
  public Connection ownConnection() {
    return own;
  }

  /** Prints Cascade's page cache counters (H2: nothing). */
  public void printCacheCounters() {
    if (engine.equals(CASCADE) && own != null) {
      SqlStore store = StoreRegistry.acquire(dir, Options.builder().build());
      try {
        ShardProperties p = store.db().properties().total();
        System.out.printf("%n%s page cache: %,d hits, %,d misses%n", engine, p.cacheHits(), p.cacheMisses());
      } finally {
        StoreRegistry.release(store);
      }
    }
  }

  @Override
  public void close() {
    try {
      if (own != null) {
        own.close();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(engine + ": closing " + url + " failed: " + e.getMessage(), e);
    } finally {
      own = null;
      StoreDirs.delete(dir);
    }
  }

  private static void loadDriver(String className) {
    try {
      Class.forName(className);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("JDBC driver " + className + " is not on the class path", e);
    }
  }
}
