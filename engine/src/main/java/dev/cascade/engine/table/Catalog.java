package dev.cascade.engine.table;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Durability;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.CatalogException.Reason;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tables of a store, kept in the store itself (table id 0, the system table), so a restart finds every table.
 * Every DDL is one SYNC write; readers see a new immutable {@link TableDef} at once. See
 * {@code engine/docs/table-format.md} for the entries.
 *
 * <p>Thread-safe: reads are lock-free on an immutable snapshot; DDL is serialised by an internal lock. One catalog
 * per open store: two catalogs on one store would hand out the same table ids.
 */
public final class Catalog implements AutoCloseable {
  private final CascadeDb db;
  private final ReentrantLock ddlLock = new ReentrantLock();
  private final RowCounts rowCounts = new RowCounts();
  private final Map<Integer, RowIdAllocator> rowIds = new ConcurrentHashMap<>();
  private volatile CatalogState state;
  /** Guarded by {@link #ddlLock}. */
  private int nextTableId;

  private Catalog(CascadeDb db, CatalogState state, int nextTableId) {
    this.db = db;
    this.state = state;
    this.nextTableId = nextTableId;
  }

  /** Loads the catalog of a store opened with {@link TableKeyPartitioner#INSTANCE}. */
  public static Catalog open(CascadeDb db) {
    if (db.options().partitioner() != TableKeyPartitioner.INSTANCE) {
      throw TableDefs.invalid("store " + db.directory() + " uses partitioner " + db.options().partitioner()
          + "; tables need TableKeyPartitioner.INSTANCE");
    }
    Map<String, TableDef> tables = new LinkedHashMap<>();
    ReadOptions range = ReadOptions.defaults().withBounds(CatalogKeys.kindLowerBound(CatalogKeys.KIND_TABLE),
        CatalogKeys.kindUpperBound(CatalogKeys.KIND_TABLE));
    try (DbIterator it = db.iterator(range)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        TableDef t = TableDefFormat.decode(it.value());
        tables.put(t.name(), t);
      }
    }
    byte[] counter = db.get(CatalogKeys.nextTableId());
    int next = counter == null ? 1 : new SegmentReader(counter, 0).u32();
    Catalog catalog = new Catalog(db, CatalogState.of(tables), next);
    catalog.rowCounts.load(db);
    return catalog;
  }

  /** Changes with every DDL; callers cache derived state against it. */
  public long version() {
    return state.version();
  }

  public List<TableDef> tables() {
    return List.copyOf(state.tables().values());
  }

  /** The named table, or null. */
  public TableDef table(String name) {
    return state.tables().get(name);
  }

  /**
   * Creates a table. An empty {@code primaryKey} gives the table a hidden {@link ColumnDef#ROW_ID} key column.
   * With {@code ifNotExists} an existing table is returned unchanged; otherwise it is TABLE_EXISTS.
   */
  public TableDef createTable(String name, List<ColumnDef> columns, int[] primaryKey, int partitionColumns,
      boolean ifNotExists) {
    ddlLock.lock();
    try {
      TableDef existing = table(name);
      if (existing != null) {
        if (ifNotExists) {
          return existing;
        }
        throw new CatalogException(Reason.TABLE_EXISTS, "table " + name + " already exists");
      }
      if (nextTableId > TableDefs.TABLE_ID_MAX) {
        throw TableDefs.invalid("no table ids left in this store");
      }
      TableDef t = TableDefs.newTable(name, nextTableId, columns, primaryKey, partitionColumns);
      WriteBatch batch = new WriteBatch().put(CatalogKeys.table(name), TableDefFormat.encode(t))
          .put(CatalogKeys.nextTableId(), new ByteSink(4).u32(nextTableId + 1).toArray());
      db.write(batch, Durability.SYNC);
      nextTableId++;
      state = state.with(t);
      return t;
    } finally {
      ddlLock.unlock();
    }
  }

  /** Drops a table, its indexes and all its rows. Returns false if absent and {@code ifExists}. */
  public boolean dropTable(String name, boolean ifExists) {
    ddlLock.lock();
    try {
      TableDef t = table(name);
      if (t == null) {
        if (ifExists) {
          return false;
        }
        throw new CatalogException(Reason.TABLE_NOT_FOUND, "table " + name + " does not exist");
      }
      WriteBatch batch = new WriteBatch()
          .deleteRange(CatalogKeys.tablePrefix(t.tableId()), CatalogKeys.tablePrefix(t.tableId() + 1))
          .delete(CatalogKeys.table(name)).delete(CatalogKeys.stats(t.tableId()))
          .delete(CatalogKeys.rowIds(t.tableId()));
      db.write(batch, Durability.SYNC);
      state = state.without(name);
      rowCounts.forget(t.tableId());
      rowIds.remove(t.tableId());
      return true;
    } finally {
      ddlLock.unlock();
    }
  }

  /** Adds a nullable column (or one with a DEFAULT); old rows read it as its default. */
  public TableDef addColumn(String table, ColumnDef column) {
    ddlLock.lock();
    try {
      TableDef t = TableDefs.withColumn(existing(table), column);
      return save(t);
    } finally {
      ddlLock.unlock();
    }
  }

  /**
   * Creates an index and fills it from the existing rows; a UNIQUE index over duplicates fails as DUPLICATE_KEY
   * and leaves nothing behind. The catalog entry is written last, so a half-built index is never used. Rows
   * written meanwhile through an older {@link TableDef} miss the index: the caller keeps writers out (the SQL
   * layer holds its write lock).
   */
  public TableDef createIndex(String table, String index, int[] columns, boolean unique, boolean ifNotExists) {
    ddlLock.lock();
    try {
      TableDef t = existing(table);
      TableDef holder = state.tableOfIndex(index);
      if (holder != null) {
        if (ifNotExists) {
          return holder;
        }
        throw new CatalogException(Reason.INDEX_EXISTS, "index " + index + " already exists (on table "
            + holder.name() + ")");
      }
      IndexDef def = TableDefs.newIndex(t, index, columns, unique);
      TableDef withIndex = TableDefs.withIndex(t, def);
      new IndexBackfill(db, withIndex, def).run();
      return save(withIndex);
    } finally {
      ddlLock.unlock();
    }
  }

  /** Drops an index and its entries. Returns false if absent and {@code ifExists}. */
  public boolean dropIndex(String index, boolean ifExists) {
    ddlLock.lock();
    try {
      TableDef t = state.tableOfIndex(index);
      if (t == null) {
        if (ifExists) {
          return false;
        }
        throw new CatalogException(Reason.INDEX_NOT_FOUND, "index " + index + " does not exist");
      }
      IndexDef def = t.indexes().stream().filter(i -> i.name().equals(index)).findFirst().orElseThrow();
      TableCodec codec = TableCodec.of(t);
      TableDef without = TableDefs.withoutIndex(t, index);
      WriteBatch batch = new WriteBatch().deleteRange(codec.indexLowerBound(def), codec.indexUpperBound(def))
          .put(CatalogKeys.table(t.name()), TableDefFormat.encode(without));
      db.write(batch, Durability.SYNC);
      state = state.with(without);
      return true;
    } finally {
      ddlLock.unlock();
    }
  }

  /** A new value for a table's hidden row id: unique in the store, increasing within this process. */
  public long nextRowId(TableDef table) {
    return rowIds.computeIfAbsent(table.tableId(), id -> new RowIdAllocator(db, id)).next();
  }

  /** The table's statistics; a table that does not exist (perhaps just dropped) has none: zero rows. */
  public TableStats stats(String table) {
    TableDef t = table(table);
    return new TableStats(t == null ? 0 : rowCounts.get(t.tableId()));
  }

  /** Adds {@code delta} to a table's row-count estimate (the SQL layer calls it after each committed statement). */
  public void adjustRowCount(String table, long delta) {
    TableDef t = table(table);
    if (t != null) {
      rowCounts.adjust(t.tableId(), delta);
    }
  }

  /** Persists the statistics; does not close the store. */
  @Override
  public void close() {
    Set<Integer> live = new HashSet<>();
    for (TableDef t : state.tables().values()) {
      live.add(t.tableId());
    }
    rowCounts.persist(db, live);
  }

  private TableDef existing(String name) {
    TableDef t = table(name);
    if (t == null) {
      throw new CatalogException(Reason.TABLE_NOT_FOUND, "table " + name + " does not exist");
    }
    return t;
  }

  /** Writes a changed table's entry (one SYNC write) and publishes it. Called under the DDL lock. */
  private TableDef save(TableDef t) {
    db.write(new WriteBatch().put(CatalogKeys.table(t.name()), TableDefFormat.encode(t)), Durability.SYNC);
    state = state.with(t);
    return t;
  }
}
