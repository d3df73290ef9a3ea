package dev.cascade.engine.table;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Reads one integer column (TINYINT, SMALLINT, INTEGER or BIGINT, not in the primary key) of a row entry where it
 * lies in the encoded value, and compares it with a constant, without decoding the row: no row array, no boxed
 * values, no strings. A filter such as {@code WHERE k = ?} over a full scan runs it once per entry inside the
 * shard. Reads the value format of {@link RowValueFormat}: the column's NULL bit, then past the values of the
 * non-NULL columns before it; a row written before the column was added holds the column's default.
 *
 * <p>Immutable and thread-safe (shard threads run it inside entry filters).
 */
public final class IntegerColumnProbe {
  /** What {@link #compare} returns when the column is NULL. */
  public static final int NULL = Integer.MIN_VALUE;

  /** Position of the column among the non-key columns (its place in the value). */
  private final int valueIndex;
  /** Types of the non-key columns before it, to skip their values. */
  private final ColumnType[] before;
  private final ColumnType type;
  /** The default of a row written before the column existed; meaningful only when {@link #defaultNull} is false. */
  private final long defaultValue;
  private final boolean defaultNull;

  private IntegerColumnProbe(int valueIndex, ColumnType[] before, ColumnType type, Object defaultValue) {
    this.valueIndex = valueIndex;
    this.before = before;
    this.type = type;
    this.defaultNull = defaultValue == null;
    this.defaultValue = defaultValue == null ? 0 : ((Number) defaultValue).longValue();
  }

  /** Whether {@link #of} can probe a column of {@code type}. */
  public static boolean supports(ColumnType type) {
    return switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
      default -> false;
    };
  }

  /** A probe of {@code column} (a position in the table's columns), or null when it is a key or not an integer. */
  static IntegerColumnProbe of(TableDef table, int[] nonKey, int column) {
    List<ColumnDef> columns = table.columns();
    if (column < 0 || column >= columns.size() || !supports(columns.get(column).type())) {
      return null;
    }
    for (int i = 0; i < nonKey.length; i++) {
      if (nonKey[i] == column) {
        ColumnType[] before = new ColumnType[i];
        for (int j = 0; j < i; j++) {
          before[j] = columns.get(nonKey[j]).type();
        }
        ColumnDef c = columns.get(column);
        return new IntegerColumnProbe(i, before, c.type(), c.defaultValue());
      }
    }
    return null;
  }

  /**
   * Compares the column of a row entry, given its {@code value} (the column is not in the key), with
   * {@code constant}: negative, zero or positive as the column is less, equal or greater; {@link #NULL} when the
   * column is NULL.
   */
  public int compare(MemorySegment value, long constant) {
    return compare(new SegmentReader(value, 0), constant);
  }

  /** {@link #compare(MemorySegment, long)} of a value in {@code array} from {@code offset}, {@code length} bytes. */
  public int compare(byte[] array, int offset, int length, long constant) {
    return compare(new SegmentReader(array, offset, offset + length, 0), constant);
  }

  private int compare(SegmentReader in, long constant) {
    in.varint();
    long written = in.varint();
    if (valueIndex >= written) {
      return defaultNull ? NULL : Long.compare(defaultValue, constant);
    }
    int bitmapAt = (int) in.position();
    in.skip((int) ((written + 7) / 8));
    if (isNull(in, bitmapAt, valueIndex)) {
      return NULL;
    }
    for (int i = 0; i < before.length; i++) {
      if (!isNull(in, bitmapAt, i)) {
        ValueColumnEncoding.skip(in, before[i]);
      }
    }
    long v = type == ColumnType.TINYINT ? (byte) in.u8() : in.zigzag();
    return Long.compare(v, constant);
  }

  /** Whether bit {@code i} of the NULL bitmap at {@code bitmapAt} is set; leaves the reader where it was. */
  private static boolean isNull(SegmentReader in, int bitmapAt, int i) {
    return (in.peekAt(bitmapAt + i / 8) & (1 << (i % 8))) != 0;
  }

  @Override
  public String toString() {
    return "IntegerColumnProbe[value column " + valueIndex + ", " + type + "]";
  }
}
