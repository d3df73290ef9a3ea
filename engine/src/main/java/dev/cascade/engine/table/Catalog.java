package dev.cascade.engine.table;

import dev.cascade.engine.CascadeDb;
import java.util.List;

/**
 * The tables of a store, kept in the store itself (table id 0, the system table), so a restart finds every table.
 * Every DDL is one SYNC write; readers see a new immutable {@link TableDef} at once.
 *
 * <p>Thread-safe: reads are lock-free on an immutable snapshot; DDL is serialised by an internal lock.
 */
public final class Catalog implements AutoCloseable {

  private Catalog() {
  }

  /** Loads the catalog of a store opened with {@link TableKeyPartitioner#INSTANCE}. */
  public static Catalog open(CascadeDb db) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Changes with every DDL; callers cache derived state against it. */
  public long version() {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  public List<TableDef> tables() {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The named table, or null. */
  public TableDef table(String name) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /**
   * Creates a table. An empty {@code primaryKey} gives the table a hidden {@link ColumnDef#ROW_ID} key column.
   * With {@code ifNotExists} an existing table is returned unchanged; otherwise it is TABLE_EXISTS.
   */
  public TableDef createTable(String name, List<ColumnDef> columns, int[] primaryKey, int partitionColumns,
      boolean ifNotExists) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Drops a table, its indexes and all its rows. Returns false if absent and {@code ifExists}. */
  public boolean dropTable(String name, boolean ifExists) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Adds a nullable column (or one with a DEFAULT); old rows read it as its default. */
  public TableDef addColumn(String table, ColumnDef column) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Creates an index and fills it from the existing rows; a UNIQUE index over duplicates fails as DUPLICATE_KEY. */
  public TableDef createIndex(String table, String index, int[] columns, boolean unique, boolean ifNotExists) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Drops an index and its entries. Returns false if absent and {@code ifExists}. */
  public boolean dropIndex(String index, boolean ifExists) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** A new value for a table's hidden row id: unique in the store, increasing within this process. */
  public long nextRowId(TableDef table) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  public TableStats stats(String table) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Adds {@code delta} to a table's row-count estimate (the SQL layer calls it after each committed statement). */
  public void adjustRowCount(String table, long delta) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Persists the statistics; does not close the store. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("table layer not built yet");
  }
}
