package dev.cascade.engine.table;

import dev.cascade.engine.WriteBatch;
import java.lang.foreign.MemorySegment;

/**
 * Encodes and decodes one table's keys and rows; see {@code engine/docs/table-format.md} for the byte layout.
 * Keys sort like the SQL values they hold (column by column, NULLs first), so a key range over leading
 * primary-key (or index) columns is a byte range.
 *
 * <p>Values in and out are the Java classes listed in {@link ColumnType}; rows are {@code Object[]} in the
 * table's column order (including a hidden row-id column), NULL as {@code null}.
 *
 * <p>Immutable and thread-safe: shard threads decode rows with it inside iterator filters.
 */
public final class TableCodec {
  private final TableDef table;

  private TableCodec(TableDef table) {
    this.table = table;
  }

  public static TableCodec of(TableDef table) {
    return new TableCodec(table);
  }

  public TableDef table() {
    return table;
  }

  /** The key of a full row (its primary-key columns). */
  public byte[] rowKey(Object[] row) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The key of the row whose primary-key values, in key order, are {@code pk}. */
  public byte[] rowKeyOf(Object[] pk) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The stored value of a full row: schema version and the non-key columns. */
  public byte[] encodeValue(Object[] row) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Decodes a row entry into a full row in column order. */
  public Object[] decodeRow(byte[] key, byte[] value) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Decodes a row entry in place (inside a shard's iterator filter); copies nothing it returns a view of. */
  public Object[] decodeRow(MemorySegment key, MemorySegment value) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Inclusive lower bound of all row keys of the table. */
  public byte[] rowsLowerBound() {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Exclusive upper bound of all row keys of the table. */
  public byte[] rowsUpperBound() {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /**
   * The key prefix shared by every row whose first {@code values.length} primary-key columns equal
   * {@code values}. As a lower bound it is inclusive; {@link #successor} of it is the exclusive upper bound.
   */
  public byte[] rowKeyPrefix(Object... values) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The same for an index: entries whose first {@code values.length} indexed columns equal {@code values}. */
  public byte[] indexKeyPrefix(IndexDef index, Object... values) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Inclusive lower and exclusive upper bound of all entries of an index. */
  public byte[] indexLowerBound(IndexDef index) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  public byte[] indexUpperBound(IndexDef index) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The primary-key values (key order) of the row an index entry points at. */
  public Object[] primaryKeyOfIndexEntry(IndexDef index, byte[] key, byte[] value) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /**
   * The key of a UNIQUE index's entry for {@code row}, which the SQL layer reads to check uniqueness, or null when
   * an indexed column is NULL (such rows never conflict).
   */
  public byte[] uniqueIndexKey(IndexDef index, Object[] row) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The shard of the rows whose partition-key values (the leading {@code partitionColumns} key values) are given. */
  public int shardOf(Object[] partitionValues, int shardCount) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Adds the row and all its index entries to {@code batch}. */
  public void stageInsert(WriteBatch batch, Object[] row) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** Adds deletes of the row and all its index entries to {@code batch}. */
  public void stageDelete(WriteBatch batch, Object[] row) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  /** The smallest key greater than every key that starts with {@code prefix}, or null if there is none. */
  public static byte[] successor(byte[] prefix) {
    throw new UnsupportedOperationException("table layer not built yet");
  }
}
