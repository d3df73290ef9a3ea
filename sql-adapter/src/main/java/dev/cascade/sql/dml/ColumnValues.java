package dev.cascade.sql.dml;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Turns the values a statement writes (Calcite's runtime representation) into the engine's, checking each against
 * its column: NOT NULL (23502), numeric range and DECIMAL precision (22003), CHAR/VARCHAR/VARBINARY length (22001,
 * CHAR padded to its length), and the value's class (22018).
 *
 * <p>Stateless.
 */
final class ColumnValues {
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private ColumnValues() {
  }

  /** A row as stored (read from the table through the plan): converted, not checked. */
  static Object[] storedRow(TableDef table, Object[] calciteRow, int offset) {
    Object[] row = new Object[table.columns().size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = SqlTypes.toEngine(table.columns().get(i).type(), calciteRow[offset + i]);
    }
    return row;
  }

  /** The value to store in column {@code column} of {@code table} for the written value {@code v}. */
  static Object checked(TableDef table, int column, Object v) {
    ColumnDef c = table.columns().get(column);
    if (v == null) {
      if (!c.nullable() && !c.hidden()) {
        throw new SqlStateException("23502", "NULL value in column " + name(table, c) + " violates NOT NULL");
      }
      return null;
    }
    return switch (c.type()) {
      case BOOLEAN -> ofClass(table, c, v, Boolean.class);
      case TINYINT -> (byte) integral(table, c, v, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT -> (short) integral(table, c, v, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> (int) integral(table, c, v, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> integral(table, c, v, Long.MIN_VALUE, Long.MAX_VALUE);
      case DECIMAL -> decimal(table, c, v);
      case REAL -> real(table, c, v);
      case DOUBLE -> ofClass(table, c, v, Number.class).doubleValue();
      case CHAR, VARCHAR -> string(table, c, v);
      case VARBINARY -> binary(table, c, v);
      case DATE, TIME -> ofClass(table, c, v, Number.class).intValue();
      case TIMESTAMP -> ofClass(table, c, v, Number.class).longValue();
    };
  }

  private static long integral(TableDef table, ColumnDef c, Object v, long min, long max) {
    Number n = ofClass(table, c, v, Number.class);
    long l;
    if (n instanceof Byte || n instanceof Short || n instanceof Integer || n instanceof Long) {
      l = n.longValue();
    } else {
      BigDecimal d = decimalOf(table, c, n).setScale(0, RoundingMode.DOWN);
      if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
        throw outOfRange(table, c, v);
      }
      l = d.longValue();
    }
    if (l < min || l > max) {
      throw outOfRange(table, c, v);
    }
    return l;
  }

  private static BigDecimal decimal(TableDef table, ColumnDef c, Object v) {
    BigDecimal d = decimalOf(table, c, ofClass(table, c, v, Number.class));
    if (c.precision() < 0) {
      return d;
    }
    d = d.setScale(c.scale(), RoundingMode.HALF_UP);
    if (d.precision() > c.precision() && d.unscaledValue().signum() != 0) {
      throw outOfRange(table, c, v);
    }
    return d;
  }

  private static float real(TableDef table, ColumnDef c, Object v) {
    double d = ofClass(table, c, v, Number.class).doubleValue();
    if (Double.isFinite(d) && Math.abs(d) > Float.MAX_VALUE) {
      throw outOfRange(table, c, v);
    }
    return (float) d;
  }

  private static BigDecimal decimalOf(TableDef table, ColumnDef c, Number n) {
    return switch (n) {
      case BigDecimal d -> d;
      case BigInteger i -> new BigDecimal(i);
      case Double d when !Double.isFinite(d) -> throw outOfRange(table, c, n);
      case Float f when !Float.isFinite(f) -> throw outOfRange(table, c, n);
      case Double d -> BigDecimal.valueOf(d);
      case Float f -> BigDecimal.valueOf(f.doubleValue());
      default -> BigDecimal.valueOf(n.longValue());
    };
  }

  /** Too long is an error unless only trailing spaces are cut (SQL's rule); CHAR(n) is padded to n. */
  private static String string(TableDef table, ColumnDef c, Object v) {
    String s = ofClass(table, c, v, String.class);
    int n = c.precision();
    if (n < 0) {
      return s;
    }
    if (s.length() > n) {
      if (!s.substring(n).chars().allMatch(ch -> ch == ' ')) {
        throw new SqlStateException("22001", "value of " + s.length() + " characters is too long for column "
            + name(table, c) + " " + c.type() + "(" + n + "): " + quote(s));
      }
      s = s.substring(0, n);
    }
    return c.type() == ColumnType.CHAR && s.length() < n ? s + " ".repeat(n - s.length()) : s;
  }

  private static byte[] binary(TableDef table, ColumnDef c, Object v) {
    byte[] b = v instanceof byte[] bytes ? bytes : ofClass(table, c, v, ByteString.class).getBytes();
    if (c.precision() >= 0 && b.length > c.precision()) {
      throw new SqlStateException("22001", "value of " + b.length + " bytes is too long for column "
          + name(table, c) + " VARBINARY(" + c.precision() + ")");
    }
    return b;
  }

  private static <T> T ofClass(TableDef table, ColumnDef c, Object v, Class<T> type) {
    if (!type.isInstance(v)) {
      throw new SqlStateException("22018", "value " + quote(v) + " (" + v.getClass().getSimpleName()
          + ") is not a valid " + c.type() + " for column " + name(table, c));
    }
    return type.cast(v);
  }

  private static SqlStateException outOfRange(TableDef table, ColumnDef c, Object v) {
    String type = c.type() == ColumnType.DECIMAL && c.precision() >= 0
        ? "DECIMAL(" + c.precision() + ", " + c.scale() + ")" : c.type().toString();
    return new SqlStateException("22003", "value " + v + " is out of range for column " + name(table, c) + " "
        + type);
  }

  static String name(TableDef table, ColumnDef c) {
    return table.name() + "." + c.name();
  }

  /** A value as it would appear in SQL, for messages. */
  static String quote(Object v) {
    if (v instanceof String s) {
      return "'" + (s.length() > 64 ? s.substring(0, 64) + "..." : s) + "'";
    }
    if (v instanceof byte[] b) {
      return "X'" + new ByteString(b).toString() + "'";
    }
    return String.valueOf(v);
  }
}
