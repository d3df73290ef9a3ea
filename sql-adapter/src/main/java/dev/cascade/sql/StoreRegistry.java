package dev.cascade.sql;

import dev.cascade.engine.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One engine per directory per process: connections and schemas on the same directory share one {@link SqlStore},
 * reference counted; the last release closes it.
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
    Path key = canonical(directory);
    Entry e = OPEN.get(key);
    if (e == null) {
      e = new Entry(SqlStore.open(key, options));
      OPEN.put(key, e);
    }
    e.references++;
    return e.store;
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

  private static Path canonical(Path directory) {
    try {
      Files.createDirectories(directory);
      return directory.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open store directory " + directory + ": " + e.getMessage(), e);
    }
  }
}
