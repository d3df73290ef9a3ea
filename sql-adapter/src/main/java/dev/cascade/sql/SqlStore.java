package dev.cascade.sql;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Options;
import dev.cascade.engine.table.Catalog;
import dev.cascade.engine.table.TableKeyPartitioner;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open store as the SQL layer sees it: the engine, its catalog, and the lock that serialises statements that
 * write (until transactions arrive, a DML statement's read-check-write runs under it, so uniqueness checks and
 * key-column updates cannot race). Shared by every connection and schema on the same directory in the process
 * (see {@link StoreRegistry}).
 *
 * <p>Thread-safe.
 */
public final class SqlStore implements AutoCloseable {
  private final Path directory;
  private final CascadeDb db;
  private final Catalog catalog;
  private final ReentrantLock writeLock = new ReentrantLock(true);

  private SqlStore(Path directory, CascadeDb db, Catalog catalog) {
    this.directory = directory;
    this.db = db;
    this.catalog = catalog;
  }

  /** Opens (creating if missing) the store in {@code directory}, forcing the table-layer partitioner. */
  public static SqlStore open(Path directory, Options options) {
    CascadeDb db = CascadeDb.open(directory, options.toBuilder().partitioner(TableKeyPartitioner.INSTANCE).build());
    try {
      return new SqlStore(directory, db, Catalog.open(db));
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public Path directory() {
    return directory;
  }

  public CascadeDb db() {
    return db;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Held by a statement that writes, from before its first read to after its commit. */
  public ReentrantLock writeLock() {
    return writeLock;
  }

  @Override
  public void close() {
    try {
      catalog.close();
    } finally {
      db.close();
    }
  }
}
