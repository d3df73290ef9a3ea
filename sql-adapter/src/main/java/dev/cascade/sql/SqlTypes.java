package dev.cascade.sql;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableDef;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The mapping between the table layer's {@link ColumnType}s and Calcite's types, and between the Java values each
 * side uses (the engine's are Calcite's internal representation, except VARBINARY: byte[] there, ByteString here).
 *
 * <p>Stateless.
 */
public final class SqlTypes {
  private SqlTypes() {
  }

  /** The row type of a table: every column, the hidden row id too (last). */
  public static RelDataType rowType(RelDataTypeFactory f, TableDef table) {
    RelDataTypeFactory.Builder b = f.builder();
    for (ColumnDef c : table.columns()) {
      b.add(c.name(), relType(f, c));
    }
    return b.build();
  }

  public static RelDataType relType(RelDataTypeFactory f, ColumnDef c) {
    SqlTypeName n = sqlTypeName(c.type());
    RelDataType t;
    if (c.type() == ColumnType.DECIMAL) {
      t = c.precision() < 0 ? f.createSqlType(n) : f.createSqlType(n, c.precision(), c.scale());
    } else if (n.allowsPrec() && c.precision() >= 0 && c.type() != ColumnType.TIME
        && c.type() != ColumnType.TIMESTAMP) {
      t = f.createSqlType(n, c.precision());
    } else {
      t = f.createSqlType(n);
    }
    return f.createTypeWithNullability(t, c.nullable());
  }

  public static SqlTypeName sqlTypeName(ColumnType t) {
    return switch (t) {
      case BOOLEAN -> SqlTypeName.BOOLEAN;
      case TINYINT -> SqlTypeName.TINYINT;
      case SMALLINT -> SqlTypeName.SMALLINT;
      case INTEGER -> SqlTypeName.INTEGER;
      case BIGINT -> SqlTypeName.BIGINT;
      case DECIMAL -> SqlTypeName.DECIMAL;
      case REAL -> SqlTypeName.REAL;
      case DOUBLE -> SqlTypeName.DOUBLE;
      case CHAR -> SqlTypeName.CHAR;
      case VARCHAR -> SqlTypeName.VARCHAR;
      case VARBINARY -> SqlTypeName.VARBINARY;
      case DATE -> SqlTypeName.DATE;
      case TIME -> SqlTypeName.TIME;
      case TIMESTAMP -> SqlTypeName.TIMESTAMP;
    };
  }

  /** The column type for a Calcite type name, or null if Cascade cannot store it. */
  public static ColumnType columnType(SqlTypeName n) {
    return switch (n) {
      case BOOLEAN -> ColumnType.BOOLEAN;
      case TINYINT -> ColumnType.TINYINT;
      case SMALLINT -> ColumnType.SMALLINT;
      case INTEGER -> ColumnType.INTEGER;
      case BIGINT -> ColumnType.BIGINT;
      case DECIMAL -> ColumnType.DECIMAL;
      case REAL, FLOAT -> ColumnType.REAL;
      case DOUBLE -> ColumnType.DOUBLE;
      case CHAR -> ColumnType.CHAR;
      case VARCHAR -> ColumnType.VARCHAR;
      case VARBINARY, BINARY -> ColumnType.VARBINARY;
      case DATE -> ColumnType.DATE;
      case TIME -> ColumnType.TIME;
      case TIMESTAMP -> ColumnType.TIMESTAMP;
      default -> null;
    };
  }

  /** An engine value as Calcite's enumerable code expects it. */
  public static Object toCalcite(Object engineValue) {
    return engineValue instanceof byte[] b ? new ByteString(b) : engineValue;
  }

  /** A Calcite runtime value as the engine stores it for a column of type {@code t} (numbers are narrowed). */
  public static Object toEngine(ColumnType t, Object v) {
    if (v == null) {
      return null;
    }
    return switch (t) {
      case VARBINARY -> v instanceof ByteString bs ? bs.getBytes() : v;
      case TINYINT -> v instanceof Number n ? (Object) n.byteValue() : v;
      case SMALLINT -> v instanceof Number n ? (Object) n.shortValue() : v;
      case INTEGER, DATE, TIME -> v instanceof Number n ? (Object) n.intValue() : v;
      case BIGINT, TIMESTAMP -> v instanceof Number n ? (Object) n.longValue() : v;
      case REAL -> v instanceof Number n ? (Object) n.floatValue() : v;
      case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : v;
      case DECIMAL -> v instanceof java.math.BigDecimal ? v
          : v instanceof Number n ? new java.math.BigDecimal(n.toString()) : v;
      default -> v;
    };
  }
}
