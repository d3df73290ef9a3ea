package dev.cascade.sql.ddl;

import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.SqlTypes;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A column's stored type as the catalog records it, from the type a DDL statement wrote.
 *
 * @param type the stored type
 * @param precision length (CHAR, VARCHAR, VARBINARY) or precision (DECIMAL); -1 when not given
 * @param scale scale of a DECIMAL; 0 otherwise
 *
 * <p>Immutable.
 */
record ColumnTypeSpec(ColumnType type, int precision, int scale) {
  /** The largest DECIMAL precision Calcite's default type system keeps. */
  static final int DECIMAL_PRECISION_MAX = RelDataTypeSystem.DEFAULT.getMaxPrecision(SqlTypeName.DECIMAL);

  /** Maps {@code spec}, the declared type of {@code column}; unsupported types fail with 0A000 naming the type. */
  static ColumnTypeSpec of(SqlDataTypeSpec spec, SqlIdentifier column) {
    if (!(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic)) {
      throw unsupported(spec, column);
    }
    SqlTypeName name = SqlTypeName.get(basic.getTypeName().getSimple());
    ColumnType type = name == null ? null : SqlTypes.columnType(name);
    if (type == null) {
      throw unsupported(spec, column);
    }
    int precision = basic.getPrecision();
    int scale = basic.getScale();
    return switch (type) {
      case CHAR, VARCHAR, VARBINARY -> new ColumnTypeSpec(type, length(precision, spec, column), 0);
      case DECIMAL -> decimal(precision, scale, spec, column);
      default -> new ColumnTypeSpec(type, -1, 0);
    };
  }

  private static int length(int precision, SqlDataTypeSpec spec, SqlIdentifier column) {
    if (precision == RelDataType.PRECISION_NOT_SPECIFIED) {
      return -1;
    }
    if (precision < 1) {
      throw DdlErrors.at(DdlErrors.INVALID, spec, "length of " + spec + " for column " + column + " must be at least 1");
    }
    return precision;
  }

  private static ColumnTypeSpec decimal(int precision, int scale, SqlDataTypeSpec spec, SqlIdentifier column) {
    if (precision == RelDataType.PRECISION_NOT_SPECIFIED) {
      return new ColumnTypeSpec(ColumnType.DECIMAL, -1, 0);
    }
    int s = scale == RelDataType.SCALE_NOT_SPECIFIED ? 0 : scale;
    if (precision < 1 || precision > DECIMAL_PRECISION_MAX) {
      throw DdlErrors.at(DdlErrors.INVALID, spec, "precision of " + spec + " for column " + column
          + " must be between 1 and " + DECIMAL_PRECISION_MAX);
    }
    if (s < 0 || s > precision) {
      throw DdlErrors.at(DdlErrors.INVALID, spec, "scale of " + spec + " for column " + column
          + " must be between 0 and the precision " + precision);
    }
    return new ColumnTypeSpec(ColumnType.DECIMAL, precision, s);
  }

  private static RuntimeException unsupported(SqlDataTypeSpec spec, SqlIdentifier column) {
    return DdlErrors.at(DdlErrors.UNSUPPORTED, spec, "type " + spec + " of column " + column
        + " is not supported (supported: BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE, CHAR,"
        + " VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP)");
  }
}
