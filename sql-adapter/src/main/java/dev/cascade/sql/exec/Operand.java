package dev.cascade.sql.exec;

import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlTypes;
import java.math.BigDecimal;
import java.util.HexFormat;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * A value a pushed-down plan needs: a literal known when planning (already in the engine's representation for its
 * column, see {@link dev.cascade.engine.table.ColumnType}), or the {@code ?} parameter {@code paramIndex}, read from
 * the statement's {@link DataContext} when the scan starts.
 *
 * <p>Immutable.
 */
public record Operand(Object literal, int paramIndex) {

  public static Operand literal(Object engineValue) {
    return new Operand(engineValue, -1);
  }

  public static Operand param(int index) {
    return new Operand(null, index);
  }

  public boolean isParam() {
    return paramIndex >= 0;
  }

  /** The value for a column of type {@code type} (engine representation), or null for SQL NULL. */
  public Object resolve(DataContext root, ColumnType type) {
    if (!isParam()) {
      return literal;
    }
    Object v = root.get("?" + paramIndex);
    if (v == null) {
      return null;
    }
    if (type == ColumnType.VARBINARY && v instanceof ByteString bs) {
      return bs.getBytes();
    }
    Object e = SqlTypes.toEngine(type, v);
    if (!expectedClass(type).isInstance(e)) {
      throw new SqlStateException("22018", "parameter ?" + (paramIndex + 1) + " has a " + v.getClass().getSimpleName()
          + " value, which cannot be compared with a " + type + " column");
    }
    return e;
  }

  /** The value as a row count (OFFSET, FETCH); a NULL or negative value is an error. */
  public long resolveCount(DataContext root, String what) {
    Object v = isParam() ? root.get("?" + paramIndex) : literal;
    if (!(v instanceof Number n) || n.longValue() < 0) {
      throw new SqlStateException("22023", what + " must be a non-negative integer, not " + v);
    }
    return n.longValue();
  }

  static Class<?> expectedClass(ColumnType type) {
    return switch (type) {
      case BOOLEAN -> Boolean.class;
      case TINYINT -> Byte.class;
      case SMALLINT -> Short.class;
      case INTEGER, DATE, TIME -> Integer.class;
      case BIGINT, TIMESTAMP -> Long.class;
      case DECIMAL -> BigDecimal.class;
      case REAL -> Float.class;
      case DOUBLE -> Double.class;
      case CHAR, VARCHAR -> String.class;
      case VARBINARY -> byte[].class;
    };
  }

  @Override
  public String toString() {
    if (isParam()) {
      return "?" + paramIndex;
    }
    return switch (literal) {
      case null -> "NULL";
      case String s -> "'" + s.replace("'", "''") + "'";
      case byte[] b -> "X'" + HexFormat.of().formatHex(b) + "'";
      default -> literal.toString();
    };
  }
}
