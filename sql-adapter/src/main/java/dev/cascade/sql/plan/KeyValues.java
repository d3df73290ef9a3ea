package dev.cascade.sql.plan;

import dev.cascade.engine.table.ColumnType;
import java.math.BigDecimal;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * Converts plan-time constants (literals and search-argument endpoints) to the engine's value for a key column, but
 * only when the conversion is exact: a constant that does not fit the column's type (a fraction for an integer
 * column, a number for a string column) gives {@link #NOT_EXACT}, and the predicate stays in the filter.
 *
 * <p>Stateless.
 */
final class KeyValues {
  /** Marks a constant that cannot be used as a key bound. */
  static final Object NOT_EXACT = new Object();

  private KeyValues() {
  }

  /** Whether key ranges may be computed on a key column of this type (exact types whose order is the key's). */
  static boolean rangeable(ColumnType t) {
    return switch (t) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP -> true;
      case REAL, DOUBLE, CHAR -> false;
    };
  }

  /** The literal's value for a column of type {@code t}: null for NULL, or {@link #NOT_EXACT}. */
  static Object of(RexLiteral literal, ColumnType t) {
    if (literal.isNull()) {
      return null;
    }
    return switch (literal.getTypeName()) {
      case DATE -> of(literal.getValueAs(DateString.class), t);
      case TIME -> of(literal.getValueAs(TimeString.class), t);
      case TIMESTAMP -> of(literal.getValueAs(TimestampString.class), t);
      default -> literal.getValue() instanceof Comparable<?> c ? of(c, t) : NOT_EXACT;
    };
  }

  /** A plan-time constant (as Calcite holds it in literals and search arguments) for a column of type {@code t}. */
  static Object of(Comparable<?> v, ColumnType t) {
    return switch (v) {
      case BigDecimal d -> number(d, t);
      case NlsString s -> t == ColumnType.VARCHAR ? s.getValue() : NOT_EXACT;
      case String s -> t == ColumnType.VARCHAR ? s : NOT_EXACT;
      case ByteString b -> t == ColumnType.VARBINARY ? b.getBytes() : NOT_EXACT;
      case Boolean b -> t == ColumnType.BOOLEAN ? b : NOT_EXACT;
      case DateString d -> t == ColumnType.DATE ? (Object) d.getDaysSinceEpoch() : NOT_EXACT;
      case TimeString s -> t == ColumnType.TIME ? (Object) s.getMillisOfDay() : NOT_EXACT;
      case TimestampString s -> t == ColumnType.TIMESTAMP ? (Object) s.getMillisSinceEpoch() : NOT_EXACT;
      default -> NOT_EXACT;
    };
  }

  private static Object number(BigDecimal d, ColumnType t) {
    if (t == ColumnType.DECIMAL) {
      return d;
    }
    long max = switch (t) {
      case TINYINT -> Byte.MAX_VALUE;
      case SMALLINT -> Short.MAX_VALUE;
      case INTEGER -> Integer.MAX_VALUE;
      case BIGINT -> Long.MAX_VALUE;
      default -> 0;
    };
    if (max == 0 || d.signum() != 0 && d.stripTrailingZeros().scale() > 0
        || d.compareTo(BigDecimal.valueOf(max)) > 0 || d.compareTo(BigDecimal.valueOf(-max - 1)) < 0) {
      return NOT_EXACT;
    }
    long v = d.longValue();
    return switch (t) {
      case TINYINT -> (Object) (byte) v;
      case SMALLINT -> (Object) (short) v;
      case INTEGER -> (Object) (int) v;
      default -> (Object) v;
    };
  }
}
