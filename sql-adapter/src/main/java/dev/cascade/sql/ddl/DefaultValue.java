package dev.cascade.sql.ddl;

import dev.cascade.engine.table.ColumnType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.BitString;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * A column's DEFAULT as the Java value of its {@link ColumnType} (see that class for the
 * value classes). Only constants are accepted: a literal, optionally with a sign. A value that does not fit the
 * type fails with the SQLSTATE an INSERT of it would get (22001, 22003, 22018). Stateless.
 */
final class DefaultValue {
  private DefaultValue() {
  }

  /** The value of {@code expr} for a column of type {@code spec} named {@code column}; null for DEFAULT NULL. */
  static Object of(SqlNode expr, ColumnTypeSpec spec, String column) {
    Object constant = constant(expr, column);
    if (constant == null) {
      return null;
    }
    try {
      return convert(constant, spec);
    } catch (NumberFormatException | ArithmeticException e) {
      throw DdlErrors.at(DdlErrors.BAD_VALUE, expr, "DEFAULT " + expr + " is not a valid " + spec.type()
          + " for column " + column);
    } catch (IllegalArgumentException e) {
      throw DdlErrors.at(DdlErrors.BAD_VALUE, expr, "DEFAULT " + expr + " is not a valid " + spec.type()
          + " for column " + column + ": " + e.getMessage());
    } catch (ValueException e) {
      throw DdlErrors.at(e.sqlState, expr, "DEFAULT " + expr + " for column " + column + " " + e.getMessage());
    }
  }

  /** A literal's value: Boolean, BigDecimal, String, byte[], DateString, TimeString, TimestampString or null. */
  private static Object constant(SqlNode expr, String column) {
    if (expr instanceof SqlCall call && call.operandCount() == 1
        && (call.getKind() == SqlKind.MINUS_PREFIX || call.getKind() == SqlKind.PLUS_PREFIX)
        && constant(call.operand(0), column) instanceof BigDecimal d) {
      return call.getKind() == SqlKind.MINUS_PREFIX ? d.negate() : d;
    }
    if (!(expr instanceof SqlLiteral literal)) {
      throw DdlErrors.at(DdlErrors.INVALID, expr, "DEFAULT for column " + column
          + " must be a constant (a literal, optionally signed), not " + expr);
    }
    return value(literal instanceof SqlUnknownLiteral typed ? resolve(typed, column) : literal, column);
  }

  /** A typed literal such as {@code DATE '2020-01-01'}, which the parser leaves for the validator to check. */
  private static SqlLiteral resolve(SqlUnknownLiteral typed, String column) {
    SqlTypeName type = SqlTypeName.get(typed.tag);
    if (type == null) {
      throw DdlErrors.at(DdlErrors.UNSUPPORTED, typed, "DEFAULT " + typed + " for column " + column
          + " is a " + typed.tag + " literal, which Cascade cannot store");
    }
    try {
      return typed.resolve(type);
    } catch (RuntimeException e) {
      throw DdlErrors.at(DdlErrors.BAD_VALUE, typed, "DEFAULT " + typed + " for column " + column
          + " is not a valid " + typed.tag);
    }
  }

  private static Object value(SqlLiteral literal, String column) {
    SqlNode expr = literal;
    return switch (literal.getTypeName()) {
      case NULL -> null;
      case BOOLEAN -> literal.booleanValue();
      case DECIMAL, DOUBLE, REAL, FLOAT, INTEGER, BIGINT, SMALLINT, TINYINT -> literal.bigDecimalValue();
      case CHAR, VARCHAR -> literal.getValueAs(String.class);
      case BINARY, VARBINARY -> literal.getValueAs(BitString.class).getAsByteArray();
      case DATE -> literal.getValueAs(DateString.class);
      case TIME -> literal.getValueAs(TimeString.class);
      case TIMESTAMP -> literal.getValueAs(TimestampString.class);
      default -> throw DdlErrors.at(DdlErrors.UNSUPPORTED, expr, "DEFAULT " + expr + " for column " + column
          + " is a " + literal.getTypeName() + " literal, which Cascade cannot store");
    };
  }

  private static Object convert(Object c, ColumnTypeSpec spec) {
    return switch (spec.type()) {
      case BOOLEAN -> c instanceof Boolean b ? b : (Boolean) parseBoolean(text(c));
      case TINYINT -> (byte) integral(c, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT -> (short) integral(c, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> (int) integral(c, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT -> integral(c, Long.MIN_VALUE, Long.MAX_VALUE);
      case DECIMAL -> decimal(number(c), spec);
      case REAL -> finite(number(c).floatValue());
      case DOUBLE -> finite(number(c).doubleValue());
      case CHAR, VARCHAR -> fits(text(c), spec);
      case VARBINARY -> fits(c instanceof byte[] b ? b : text(c).getBytes(StandardCharsets.UTF_8), spec.precision());
      case DATE -> (c instanceof DateString d ? d : new DateString(text(c).trim())).getDaysSinceEpoch();
      case TIME -> (c instanceof TimeString t ? t : new TimeString(text(c).trim())).getMillisOfDay();
      case TIMESTAMP -> timestamp(c);
    };
  }

  private static String text(Object c) {
    if (c instanceof String s) {
      return s;
    }
    if (c instanceof BigDecimal || c instanceof Boolean) {
      return c.toString();
    }
    throw new IllegalArgumentException("a " + c.getClass().getSimpleName() + " value does not convert to it");
  }

  private static boolean parseBoolean(String s) {
    return switch (s.trim().toUpperCase(Locale.ROOT)) {
      case "TRUE" -> true;
      case "FALSE" -> false;
      default -> throw new IllegalArgumentException("'" + s + "' is neither TRUE nor FALSE");
    };
  }

  private static BigDecimal number(Object c) {
    return c instanceof BigDecimal d ? d : new BigDecimal(text(c).trim());
  }

  private static long integral(Object c, long min, long max) {
    BigDecimal d = number(c);
    BigDecimal whole;
    try {
      whole = d.setScale(0, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ValueException(DdlErrors.BAD_VALUE, "is not a whole number");
    }
    if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new ValueException(DdlErrors.OUT_OF_RANGE, "is out of range [" + min + ", " + max + "]");
    }
    return whole.longValueExact();
  }

  private static BigDecimal decimal(BigDecimal d, ColumnTypeSpec spec) {
    if (spec.precision() < 0) {
      return d;
    }
    BigDecimal scaled = d.setScale(spec.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() - scaled.scale() > spec.precision() - spec.scale()) {
      throw new ValueException(DdlErrors.OUT_OF_RANGE,
          "does not fit DECIMAL(" + spec.precision() + ", " + spec.scale() + ")");
    }
    return scaled;
  }

  private static float finite(float f) {
    if (Float.isInfinite(f)) {
      throw new ValueException(DdlErrors.OUT_OF_RANGE, "is out of range for REAL");
    }
    return f;
  }

  private static double finite(double d) {
    if (Double.isInfinite(d)) {
      throw new ValueException(DdlErrors.OUT_OF_RANGE, "is out of range for DOUBLE");
    }
    return d;
  }

  /**
   * The string as an INSERT stores it: too long is an error unless only trailing spaces are cut (SQL's rule), and
   * CHAR(n) is padded to n, so rows that read the default (old rows after ADD COLUMN) match rows that were given it.
   */
  private static String fits(String s, ColumnTypeSpec spec) {
    int n = spec.precision();
    if (n < 0) {
      return s;
    }
    if (s.length() > n) {
      if (!s.substring(n).chars().allMatch(ch -> ch == ' ')) {
        throw new ValueException(DdlErrors.STRING_TOO_LONG, "is longer than the column's length " + n);
      }
      s = s.substring(0, n);
    }
    return spec.type() == ColumnType.CHAR && s.length() < n ? s + " ".repeat(n - s.length()) : s;
  }

  private static byte[] fits(byte[] b, int length) {
    if (length >= 0 && b.length > length) {
      throw new ValueException(DdlErrors.STRING_TOO_LONG, "is longer than the column's length " + length);
    }
    return b;
  }

  private static long timestamp(Object c) {
    if (c instanceof TimestampString t) {
      return t.getMillisSinceEpoch();
    }
    if (c instanceof DateString d) {
      return d.getMillisSinceEpoch();
    }
    return new TimestampString(text(c).trim()).getMillisSinceEpoch();
  }

  /** A value that does not fit its column, with the SQLSTATE to report. Thrown and caught within this class. */
  private static final class ValueException extends RuntimeException {
    final String sqlState;

    ValueException(String sqlState, String message) {
      super(message, null, false, false);
      this.sqlState = sqlState;
    }
  }
}
