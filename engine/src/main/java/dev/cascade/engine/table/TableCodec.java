package dev.cascade.engine.table;

import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.key.Limits;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Encodes and decodes one table's keys and rows; see {@code engine/docs/table-format.md} for the byte layout.
 * Keys sort like the SQL values they hold (column by column, NULLs first), so a key range over leading
 * primary-key (or index) columns is a byte range.
 *
 * <p>Values in and out are the Java classes listed in {@link ColumnType}; rows are {@code Object[]} in the
 * table's column order (including a hidden row-id column), NULL as {@code null}. Other numbers are accepted where
 * the conversion is exact; a value of the wrong type fails as {@link CatalogException.Reason#INVALID}, a NULL in a
 * NOT NULL column as {@link CatalogException.Reason#NOT_NULL}.
 *
 * <p>Immutable and thread-safe: shard threads decode rows with it inside iterator filters.
 */
public final class TableCodec {
  /** Table id (u32) and index id (u8). */
  public static final int HEADER_BYTES = 5;
  /** The partition hash at the end of every key. */
  public static final int TRAILER_BYTES = 4;
  /** Index id of the rows. */
  public static final int ROWS_INDEX_ID = 0;

  private final TableDef table;
  private final ColumnDef[] keyColumns;
  private final RowValueFormat valueFormat;

  private TableCodec(TableDef table) {
    this.table = table;
    List<ColumnDef> columns = table.columns();
    int[] pk = table.primaryKey();
    keyColumns = new ColumnDef[pk.length];
    for (int i = 0; i < pk.length; i++) {
      keyColumns[i] = columns.get(pk[i]);
    }
    valueFormat = new RowValueFormat(table, nonKeyColumns(table));
  }

  /**
   * A probe that compares integer column {@code column} (a position in the table's columns) of row values with a
   * constant in place, or null when the column is in the primary key or not of an integer type.
   */
  public IntegerColumnProbe integerProbe(int column) {
    return IntegerColumnProbe.of(table, nonKeyColumns(table), column);
  }

  /** Positions in the table's columns of the non-key columns, in column order (the order of a row's value). */
  static int[] nonKeyColumns(TableDef table) {
    List<ColumnDef> columns = table.columns();
    boolean[] isKey = new boolean[columns.size()];
    for (int k : table.primaryKey()) {
      isKey[k] = true;
    }
    int[] nonKey = new int[columns.size() - table.primaryKey().length];
    for (int c = 0, n = 0; c < columns.size(); c++) {
      if (!isKey[c]) {
        nonKey[n++] = c;
      }
    }
    return nonKey;
  }

  public static TableCodec of(TableDef table) {
    return new TableCodec(table);
  }

  public TableDef table() {
    return table;
  }

  /** The key of a full row (its primary-key columns). */
  public byte[] rowKey(Object[] row) {
    return rowKeyOf(primaryKeyOf(row));
  }

  /** The key of the row whose primary-key values, in key order, are {@code pk}. */
  public byte[] rowKeyOf(Object[] pk) {
    checkArity(pk.length, keyColumns.length, "primary-key values");
    ByteSink out = header(ROWS_INDEX_ID);
    int partitionEnd = 0;
    for (int i = 0; i < keyColumns.length; i++) {
      encodeKeyColumn(out, keyColumns[i], pk[i], true);
      if (i + 1 == table.partitionColumns()) {
        partitionEnd = out.size();
      }
    }
    out.u32(PartitionHash.of(out.array(), HEADER_BYTES, partitionEnd - HEADER_BYTES));
    return checkedKey(out, "primary key");
  }

  /** The stored value of a full row: schema version and the non-key columns. */
  public byte[] encodeValue(Object[] row) {
    checkArity(row.length, table.columns().size(), "row values");
    return valueFormat.encode(row);
  }

  /** Decodes a row entry into a full row in column order. */
  public Object[] decodeRow(byte[] key, byte[] value) {
    return decodeRow(key, value, null);
  }

  /** Decodes the columns of {@code mask} (null: all) of a row entry; the others are null. */
  public Object[] decodeRow(byte[] key, byte[] value, RowMask mask) {
    return decodeRow(new SegmentReader(key, HEADER_BYTES), new SegmentReader(value, 0), mask);
  }

  /** Decodes a row entry in place (inside a shard's iterator filter); copies nothing it returns a view of. */
  public Object[] decodeRow(MemorySegment key, MemorySegment value) {
    return decodeRow(key, value, null);
  }

  /**
   * Decodes the columns of {@code mask} (null: all) of a row entry held in a shard's memory (inside an iterator
   * filter), copying to the heap only as much of it as the columns need ({@link SegmentReader}).
   */
  public Object[] decodeRow(MemorySegment key, MemorySegment value, RowMask mask) {
    return decodeRow(mask == null || mask.anyKeyColumn() ? new SegmentReader(key, HEADER_BYTES) : null,
        mask == null || mask.valueColumns() > 0 ? new SegmentReader(value, 0) : null, mask);
  }

  /** {@code key} or {@code value} null: the mask wants none of its columns. */
  private Object[] decodeRow(SegmentReader key, SegmentReader value, RowMask mask) {
    Object[] row = new Object[table.columns().size()];
    if (key != null) {
      int[] pk = table.primaryKey();
      for (int i = 0; i < pk.length; i++) {
        if (mask == null || mask.wants(pk[i])) {
          row[pk[i]] = KeyColumnEncoding.decode(key, keyColumns[i]);
        } else {
          KeyColumnEncoding.skip(key, keyColumns[i].type());
        }
      }
    }
    if (value != null) {
      valueFormat.decode(value, row, mask);
    }
    return row;
  }

  /** The primary-key values (key order) of a row key. */
  public Object[] decodePrimaryKey(byte[] key) {
    return decodeKeyColumns(new SegmentReader(key, HEADER_BYTES));
  }

  /** Inclusive lower bound of all row keys of the table. */
  public byte[] rowsLowerBound() {
    return header(ROWS_INDEX_ID).toArray();
  }

  /** Exclusive upper bound of all row keys of the table. */
  public byte[] rowsUpperBound() {
    return header(ROWS_INDEX_ID + 1).toArray();
  }

  /**
   * The key prefix shared by every row whose first {@code values.length} primary-key columns equal
   * {@code values}. As a lower bound it is inclusive; {@link #successor} of it is the exclusive upper bound.
   */
  public byte[] rowKeyPrefix(Object... values) {
    checkPrefix(values.length, keyColumns.length, "primary-key");
    ByteSink out = header(ROWS_INDEX_ID);
    for (int i = 0; i < values.length; i++) {
      encodeKeyColumn(out, keyColumns[i], values[i], false);
    }
    return checkedKey(out, "primary-key prefix");
  }

  /** The same for an index: entries whose first {@code values.length} indexed columns equal {@code values}. */
  public byte[] indexKeyPrefix(IndexDef index, Object... values) {
    checkPrefix(values.length, index.columns().length, "index " + index.name());
    ByteSink out = header(index.indexId());
    for (int i = 0; i < values.length; i++) {
      encodeKeyColumn(out, table.columns().get(index.columns()[i]), values[i], false);
    }
    return checkedKey(out, "index prefix");
  }

  /** Inclusive lower and exclusive upper bound of all entries of an index. */
  public byte[] indexLowerBound(IndexDef index) {
    return header(index.indexId()).toArray();
  }

  public byte[] indexUpperBound(IndexDef index) {
    return successor(indexLowerBound(index));
  }

  /** The primary-key values (key order) of the row an index entry points at. */
  public Object[] primaryKeyOfIndexEntry(IndexDef index, byte[] key, byte[] value) {
    if (index.unique() && value.length > 0) {
      return decodeKeyColumns(new SegmentReader(value, 0));
    }
    SegmentReader in = new SegmentReader(key, HEADER_BYTES);
    for (int c : index.columns()) {
      KeyColumnEncoding.skip(in, table.columns().get(c).type());
    }
    return decodeKeyColumns(in);
  }

  /**
   * The key of a UNIQUE index's entry for {@code row}, which the SQL layer reads to check uniqueness, or null when
   * an indexed column is NULL (such rows never conflict).
   */
  public byte[] uniqueIndexKey(IndexDef index, Object[] row) {
    ByteSink out = header(index.indexId());
    for (int c : index.columns()) {
      Object v = ColumnValues.coerce(table.columns().get(c), row[c]);
      if (v == null) {
        return null;
      }
      KeyColumnEncoding.encode(out, table.columns().get(c).type(), v);
    }
    out.u32(PartitionHash.of(out.array(), HEADER_BYTES, out.size() - HEADER_BYTES));
    return checkedKey(out, "index " + index.name() + " key");
  }

  /**
   * The key of {@code row}'s entry in {@code index}: {@link #uniqueIndexKey} for a UNIQUE index over non-NULL
   * values; otherwise the indexed values, then the primary key, then the row's partition hash (a local entry).
   */
  public byte[] indexEntryKey(IndexDef index, Object[] row) {
    if (index.unique()) {
      byte[] unique = uniqueIndexKey(index, row);
      if (unique != null) {
        return unique;
      }
    }
    ByteSink out = header(index.indexId());
    for (int c : index.columns()) {
      encodeKeyColumn(out, table.columns().get(c), row[c], false);
    }
    byte[] rowKey = rowKey(row);
    out.bytes(rowKey, HEADER_BYTES, rowKey.length - HEADER_BYTES);
    return checkedKey(out, "index " + index.name() + " key");
  }

  /** The value of {@code row}'s entry in {@code index}: the encoded primary key for a global UNIQUE entry. */
  public byte[] indexEntryValue(IndexDef index, Object[] row) {
    if (!index.unique() || uniqueIndexKey(index, row) == null) {
      return new byte[0];
    }
    ByteSink out = new ByteSink();
    Object[] pk = primaryKeyOf(row);
    for (int i = 0; i < keyColumns.length; i++) {
      encodeKeyColumn(out, keyColumns[i], pk[i], true);
    }
    return out.toArray();
  }

  /** The shard of the rows whose partition-key values (the leading {@code partitionColumns} key values) are given. */
  public int shardOf(Object[] partitionValues, int shardCount) {
    checkArity(partitionValues.length, table.partitionColumns(), "partition-key values");
    if (shardCount == 1) {
      return 0;
    }
    ByteSink out = new ByteSink();
    for (int i = 0; i < partitionValues.length; i++) {
      encodeKeyColumn(out, keyColumns[i], partitionValues[i], true);
    }
    return PartitionHash.shardOf(PartitionHash.of(out.array(), 0, out.size()), shardCount);
  }

  /** Adds the row and all its index entries to {@code batch}. */
  public void stageInsert(WriteBatch batch, Object[] row) {
    stageInsert(batch, rowKey(row), row);
  }

  /** {@link #stageInsert(WriteBatch, Object[])} of a row whose {@link #rowKey} the caller has already computed. */
  public void stageInsert(WriteBatch batch, byte[] rowKey, Object[] row) {
    batch.put(rowKey, encodeValue(row));
    for (IndexDef index : table.indexes()) {
      batch.put(indexEntryKey(index, row), indexEntryValue(index, row));
    }
  }

  /** Adds deletes of the row and all its index entries to {@code batch}. */
  public void stageDelete(WriteBatch batch, Object[] row) {
    batch.delete(rowKey(row));
    for (IndexDef index : table.indexes()) {
      batch.delete(indexEntryKey(index, row));
    }
  }

  /** The smallest key greater than every key that starts with {@code prefix}, or null if there is none. */
  public static byte[] successor(byte[] prefix) {
    int n = prefix.length;
    while (n > 0 && prefix[n - 1] == (byte) 0xFF) {
      n--;
    }
    if (n == 0) {
      return null;
    }
    byte[] s = java.util.Arrays.copyOf(prefix, n);
    s[n - 1]++;
    return s;
  }

  private Object[] primaryKeyOf(Object[] row) {
    checkArity(row.length, table.columns().size(), "row values");
    int[] pk = table.primaryKey();
    Object[] values = new Object[pk.length];
    for (int i = 0; i < pk.length; i++) {
      values[i] = row[pk[i]];
    }
    return values;
  }

  private Object[] decodeKeyColumns(SegmentReader in) {
    Object[] pk = new Object[keyColumns.length];
    for (int i = 0; i < keyColumns.length; i++) {
      pk[i] = KeyColumnEncoding.decode(in, keyColumns[i]);
    }
    return pk;
  }

  private ByteSink header(int indexId) {
    return new ByteSink(64).u32(table.tableId()).u8(indexId);
  }

  private void encodeKeyColumn(ByteSink out, ColumnDef column, Object value, boolean notNull) {
    Object v = ColumnValues.coerce(column, value);
    if (v == null && notNull) {
      throw new CatalogException(CatalogException.Reason.NOT_NULL, "primary-key column " + column.name()
          + " of table " + table.name() + " must not be NULL");
    }
    KeyColumnEncoding.encode(out, column.type(), v);
  }

  private byte[] checkedKey(ByteSink out, String what) {
    if (out.size() > Limits.KEY_BYTES_MAX) {
      throw new CatalogException(CatalogException.Reason.INVALID, what + " of table " + table.name()
          + " encodes to " + out.size() + " bytes; keys are limited to " + Limits.KEY_BYTES_MAX
          + " bytes (Limits.KEY_BYTES_MAX)");
    }
    return out.toArray();
  }

  private static void checkArity(int given, int expected, String what) {
    if (given != expected) {
      throw new IllegalArgumentException("expected " + expected + " " + what + ", got " + given);
    }
  }

  private static void checkPrefix(int given, int max, String what) {
    if (given > max) {
      throw new IllegalArgumentException(what + " prefix of " + given + " values; the key has " + max + " columns");
    }
  }
}
