package dev.cascade.engine.table;

import java.util.List;

/**
 * The value of a row entry: {@code [schemaVersion varint][count varint][null bitmap][values]} where {@code count}
 * is how many non-key columns the row was written with (in column order), the bitmap has {@code ceil(count / 8)}
 * bytes (bit {@code i % 8} of byte {@code i / 8} set: non-key column {@code i} is NULL) and the values of the
 * non-NULL ones follow in {@link ValueColumnEncoding}. Columns added after the row was written read as their
 * default.
 *
 * <p>Immutable but for a buffer-size hint that threads may race on harmlessly; thread-safe.
 */
final class RowValueFormat {
  private final TableDef table;
  /** Positions in the table's columns of the non-key columns, in column order. */
  private final int[] nonKey;

  /**
   * The size of the last value encoded, as the next one's starting capacity: rows of a table tend to be alike, so
   * the buffer rarely has to grow. A hint only: threads may race on it, and any value is correct.
   */
  private int sizeHint;

  RowValueFormat(TableDef table, int[] nonKey) {
    this.table = table;
    this.nonKey = nonKey;
    this.sizeHint = 16 + nonKey.length * 4;
  }

  byte[] encode(Object[] row) {
    List<ColumnDef> columns = table.columns();
    ByteSink out = new ByteSink(sizeHint);
    out.varint(table.schemaVersion()).varint(nonKey.length);
    int bitmapAt = out.size();
    for (int i = 0; i < (nonKey.length + 7) / 8; i++) {
      out.u8(0);
    }
    byte[] nullBits = new byte[(nonKey.length + 7) / 8];
    for (int i = 0; i < nonKey.length; i++) {
      ColumnDef column = columns.get(nonKey[i]);
      Object v = ColumnValues.coerce(column, row[nonKey[i]]);
      if (v == null) {
        if (!column.nullable()) {
          throw new CatalogException(CatalogException.Reason.NOT_NULL, "column " + column.name() + " of table "
              + table.name() + " must not be NULL");
        }
        nullBits[i / 8] |= (byte) (1 << (i % 8));
      } else {
        ValueColumnEncoding.encode(out, column.type(), v);
      }
    }
    byte[] bytes = out.toArray();
    System.arraycopy(nullBits, 0, bytes, bitmapAt, nullBits.length);
    sizeHint = bytes.length;
    return bytes;
  }

  /** Fills the non-key columns of {@code row} that {@code mask} wants (null: all) from a value. */
  void decode(SegmentReader in, Object[] row, RowMask mask) {
    List<ColumnDef> columns = table.columns();
    in.varint();
    long written = in.varint();
    int stop = mask == null ? nonKey.length : mask.valueColumns();
    int count = (int) Math.min(written, stop);
    byte[] nullBits = in.bytes((int) ((written + 7) / 8));
    for (int i = 0; i < count; i++) {
      if ((nullBits[i / 8] & (1 << (i % 8))) != 0) {
        continue;
      }
      ColumnType type = columns.get(nonKey[i]).type();
      if (mask == null || mask.wants(nonKey[i])) {
        row[nonKey[i]] = ValueColumnEncoding.decode(in, type);
      } else {
        ValueColumnEncoding.skip(in, type);
      }
    }
    for (int i = count; i < stop; i++) {
      if (mask == null || mask.wants(nonKey[i])) {
        row[nonKey[i]] = columns.get(nonKey[i]).defaultValue();
      }
    }
  }
}
