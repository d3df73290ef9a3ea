package dev.cascade.engine.table;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Checks that a value handed to the codec has its column type's Java class (see {@link ColumnType}), converting
 * other numbers where that loses nothing (or, for REAL and DOUBLE columns, rounding as an SQL assignment does), so a wrong value fails with a message naming the column rather than a
 * {@link ClassCastException} deep inside the encoder.
 *
 * <p>Stateless.
 */
final class ColumnValues {
  private ColumnValues() {
  }

  /** The value as its column's Java class; null stays null. */
  static Object coerce(ColumnDef column, Object value) {
    if (value == null) {
      return null;
    }
    Object v = switch (column.type()) {
      case BOOLEAN -> value instanceof Boolean ? value : null;
      case TINYINT -> integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE) instanceof Long l ? (Object) l.byteValue() : null;
      case SMALLINT -> integral(value, Short.MIN_VALUE, Short.MAX_VALUE) instanceof Long l ? (Object) l.shortValue()
          : null;
      case INTEGER, DATE, TIME -> integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE) instanceof Long l
          ? (Object) l.intValue() : null;
      case BIGINT, TIMESTAMP -> integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case DECIMAL -> decimal(value);
      case REAL -> value instanceof Float ? value : value instanceof Number n ? (Object) n.floatValue() : null;
      case DOUBLE -> value instanceof Double ? value : value instanceof Number n ? (Object) n.doubleValue() : null;
      case CHAR, VARCHAR -> value instanceof String ? value : null;
      case VARBINARY -> value instanceof byte[] ? value : null;
    };
    if (v == null) {
      throw new CatalogException(CatalogException.Reason.INVALID, "column " + column.name() + " of type "
          + column.type() + " cannot hold " + value.getClass().getSimpleName() + " value " + value);
    }
    return v;
  }

  private static Long integral(Object value, long min, long max) {
    long l;
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      l = ((Number) value).longValue();
    } else if (value instanceof BigDecimal d) {
      try {
        l = d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    } else if (value instanceof BigInteger b && b.bitLength() < 64) {
      l = b.longValue();
    } else {
      return null;
    }
    return l >= min && l <= max ? l : null;
  }

  private static BigDecimal decimal(Object value) {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if ((value instanceof Double || value instanceof Float) && Double.isFinite(((Number) value).doubleValue())) {
      return new BigDecimal(value.toString());
    }
    return null;
  }
}
