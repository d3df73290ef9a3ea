package dev.cascade.sql.sys;

import static org.apache.calcite.sql.type.SqlTypeName.BOOLEAN;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.SqlTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SYS.COLUMNS}: one row per column, in declaration order (ORDINAL_POSITION from 1): the type as SQL text
 * and as a {@link java.sql.Types} code, size and scale where the type has them, nullability, the DEFAULT as SQL
 * literal text, the position in the primary key, and whether it is the hidden row id.
 *
 * <p>Immutable; thread-safe.
 */
final class ColumnsTable extends SysTable {
  private static final List<Column> COLUMNS = List.of(column("TABLE_SCHEM", VARCHAR), column("TABLE_NAME", VARCHAR),
      column("COLUMN_NAME", VARCHAR), column("ORDINAL_POSITION", INTEGER), column("TYPE_NAME", VARCHAR),
      column("DATA_TYPE", INTEGER), nullable("COLUMN_SIZE", INTEGER), nullable("DECIMAL_DIGITS", INTEGER),
      column("IS_NULLABLE", BOOLEAN), nullable("COLUMN_DEFAULT", VARCHAR), nullable("KEY_SEQ", INTEGER),
      column("IS_HIDDEN", BOOLEAN));

  ColumnsTable(SqlStore store, String schemaName) {
    super(store, schemaName);
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  protected List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : store.catalog().tables()) {
      for (int i = 0; i < t.columns().size(); i++) {
        ColumnDef c = t.columns().get(i);
        rows.add(new Object[] {schemaName, t.name(), c.name(), i + 1, typeName(c),
            SqlTypes.sqlTypeName(c.type()).getJdbcOrdinal(), c.precision() < 0 ? null : c.precision(),
            c.type() == ColumnType.DECIMAL && c.precision() >= 0 ? (Object) c.scale() : null, c.nullable(),
            SqlLiterals.of(c.type(), c.defaultValue()), keySeq(t, i), c.hidden()});
      }
    }
    return rows;
  }

  /** The type as DDL spells it: {@code VARCHAR(20)}, {@code DECIMAL(10, 2)}, {@code INTEGER}. */
  static String typeName(ColumnDef c) {
    String n = SqlTypes.sqlTypeName(c.type()).getName();
    if (c.precision() < 0) {
      return n;
    }
    return switch (c.type()) {
      case DECIMAL -> n + "(" + c.precision() + ", " + c.scale() + ")";
      case CHAR, VARCHAR, VARBINARY, TIME, TIMESTAMP -> n + "(" + c.precision() + ")";
      default -> n;
    };
  }

  private static Integer keySeq(TableDef t, int column) {
    for (int k = 0; k < t.primaryKey().length; k++) {
      if (t.primaryKey()[k] == column) {
        return k + 1;
      }
    }
    return null;
  }
}
