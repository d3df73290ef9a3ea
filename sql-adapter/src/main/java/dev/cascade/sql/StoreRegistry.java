package dev.cascade.sql;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.Options;
import dev.cascade.sql.jdbc.SqlErrors;
import dev.cascade.sql.jdbc.StoreSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One engine per directory per process: connections and schemas on the same directory share one {@link SqlStore},
 * reference counted; the last release closes it. A directory is keyed by its real path, so two spellings of one
 * directory share the store.
 *
 * <p>Options of a later acquirer: {@link #acquire(Path, Options)} ignores them while the store is open;
 * {@link #acquire(Path, StoreSettings)} (the driver and {@code model.json}) refuses settings the client gave
 * explicitly that differ from the open store's.
 *
 * <p>Thread-safe (one lock; opening and closing are rare).
 */
public final class StoreRegistry {
  private static final Map<Path, Entry> OPEN = new HashMap<>();

  private static final class Entry {
    final SqlStore store;
    int references;

    Entry(SqlStore store) {
      this.store = store;
    }
  }

  private StoreRegistry() {
  }

  /**
   * The store in {@code directory}, opened with {@code options} if no one in the process has it open yet (the
   * options of a later acquirer are ignored while it is open).
   */
  public static synchronized SqlStore acquire(Path directory, Options options) {
    Path key = canonical(directory, options.createIfMissing());
    Entry e = OPEN.get(key);
    if (e == null) {
      e = new Entry(SqlStore.open(key, options));
      OPEN.put(key, e);
    }
    e.references++;
    return e.store;
  }

  /**
   * The store for a client connection or schema: like {@link #acquire(Path, Options)}, but failures are
   * SQLExceptions (08001 naming the directory), and a store already open with options other than those the
   * client gave explicitly is refused.
   */
  public static synchronized SqlStore acquire(Path directory, StoreSettings settings) throws SQLException {
    SqlStore store;
    try {
      store = acquire(directory, settings.options());
    } catch (CascadeException | IllegalArgumentException | UncheckedIOException e) {
      throw SqlErrors.connectionError("cannot open the Cascade store in " + directory + ": " + e.getMessage(), e);
    }
    try {
      settings.checkMatches(store.db().options(), store.directory());
    } catch (SQLException e) {
      release(store);
      throw e;
    }
    return store;
  }

  /** Releases one reference; the last one closes the store. */
  public static synchronized void release(SqlStore store) {
    Entry e = OPEN.get(store.directory());
    if (e == null || e.store != store) {
      return;
    }
    if (--e.references == 0) {
      OPEN.remove(store.directory());
      store.close();
    }
  }

  /** How many references the store in {@code directory} has in this process (0: not open). */
  public static synchronized int references(Path directory) {
    try {
      Entry e = OPEN.get(directory.toRealPath());
      return e == null ? 0 : e.references;
    } catch (IOException e) {
      return 0;
    }
  }

  private static Path canonical(Path directory, boolean createIfMissing) {
    try {
      if (!Files.isDirectory(directory)) {
        if (!createIfMissing) {
          throw new CascadeException("store directory " + directory.toAbsolutePath()
              + " does not exist (createIfMissing is false)");
        }
        Files.createDirectories(directory);
      }
      return directory.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open store directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
