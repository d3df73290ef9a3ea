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
    long v = fastRead(array, offset, length);
    if (v != SLOW) {
      return v == NULL_READ ? NULL : Long.compare(v, constant);
    }
    return compare(new SegmentReader(array, offset, offset + length, 0), constant);
  }

  /** {@link #fastRead}: the row needs the checked reader. */
  private static final long SLOW = Long.MIN_VALUE;
  /** {@link #fastRead}: the column is NULL. */
  private static final long NULL_READ = Long.MIN_VALUE + 1;

  /**
   * The column's value read straight from the array, for the common row: a schema version and a column count
   * below 128 (one byte each), the column written, every value before it of a fixed size or a varint, and the
   * column's value one that fits in neither of the two markers. Returns {@link #NULL_READ} for NULL, and
   * {@link #SLOW} for any other row, or any read that would leave the value's bytes: the checked reader then
   * decodes it, or reports what is wrong with it. A scan runs this once per entry; the reader costs more than the
   * reading.
   */
  private long fastRead(byte[] a, int offset, int length) {
    int end = offset + length;
    if (length < 2 || offset < 0 || end > a.length || end < 0) {
      return SLOW;
    }
    int version = a[offset];
    int written = a[offset + 1];
    if (version < 0 || written < 0 || valueIndex >= written) {
      return SLOW;
    }
    int bitmapAt = offset + 2;
    int p = bitmapAt + (written + 7) / 8;
    if (p > end) {
      return SLOW;
    }
    if ((a[bitmapAt + valueIndex / 8] & (1 << (valueIndex % 8))) != 0) {
      return NULL_READ;
    }
    if (before.length > 0) {
      p = skipBefore(a, bitmapAt, p, end);
      if (p < 0) {
        return SLOW;
      }
    }
    if (p >= end) {
      return SLOW;
    }
    if (type == ColumnType.TINYINT) {
      return a[p];
    }
    long raw = 0;
    int stop = Math.min(end, p + 10);
    for (int shift = 0; p < stop; shift += 7) {
      byte b = a[p++];
      raw |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        long v = (raw >>> 1) ^ -(raw & 1);
        return v == SLOW || v == NULL_READ ? SLOW : v;
      }
    }
    return SLOW;
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

  /**
   * {@link #fastRead}: moves {@code p} past the non-NULL values before the column, or returns -1 for a row the
   * checked reader must read. Apart from the loop it keeps {@link #fastRead} small enough to inline into a scan.
   */
  private int skipBefore(byte[] a, int bitmapAt, int p, int end) {
    for (int i = 0; i < before.length; i++) {
      if ((a[bitmapAt + i / 8] & (1 << (i % 8))) == 0) {
        switch (before[i]) {
          case BOOLEAN, TINYINT -> p += 1;
          case REAL -> p += 4;
          case DOUBLE -> p += 8;
          case SMALLINT, INTEGER, DATE, TIME, BIGINT, TIMESTAMP -> {
            int stop = Math.min(end, p + 10);
            while (p < stop && a[p] < 0) {
              p++;
            }
            if (p >= stop) {
              return -1;
            }
            p++;
          }
          default -> {
            return -1; // lengths and decimals: the checked reader
          }
        }
        if (p > end) {
          return -1;
        }
      }
    }
    return p;
  }

  @Override
  public String toString() {
    return "IntegerColumnProbe[value column " + valueIndex + ", " + type + "]";
  }
}
