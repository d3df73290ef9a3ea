package dev.cascade.sql.metamorphic;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A {@link TableSpec}'s rows held in memory as a plain Calcite table, so the oracle and the generators can be checked
 * against Calcite alone, with no Cascade code in the path.
 *
 * <p>Immutable.
 */
final class MemoryTable extends AbstractTable implements ScannableTable {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final TableSpec spec;
  private final List<Object[]> rows;

  MemoryTable(TableSpec spec, List<Object[]> rows) {
    this.spec = spec;
    this.rows = internal(rows);
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (ColumnSpec c : spec.columns()) {
      RelDataType t = switch (c.kind()) {
        case SMALLINT -> f.createSqlType(SqlTypeName.SMALLINT);
        case INTEGER -> f.createSqlType(SqlTypeName.INTEGER);
        case BIGINT -> f.createSqlType(SqlTypeName.BIGINT);
        case DECIMAL -> f.createSqlType(SqlTypeName.DECIMAL, 8, 2);
        case DOUBLE -> f.createSqlType(SqlTypeName.DOUBLE);
        case REAL -> f.createSqlType(SqlTypeName.REAL);
        case VARCHAR -> f.createSqlType(SqlTypeName.VARCHAR, 8);
        case BOOLEAN -> f.createSqlType(SqlTypeName.BOOLEAN);
        case DATE -> f.createSqlType(SqlTypeName.DATE);
      };
      b.add(c.name(), f.createTypeWithNullability(t, !c.key()));
    }
    return b.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows);
  }

  /** Calcite's internal representation: DATE as days since the epoch; the rest as generated. */
  private static List<Object[]> internal(List<Object[]> rows) {
    List<Object[]> out = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] copy = row.clone();
      for (int i = 0; i < copy.length; i++) {
        if (copy[i] instanceof Date d) {
          copy[i] = (int) Math.floorDiv(d.toLocalDate().toEpochDay() * MILLIS_PER_DAY, MILLIS_PER_DAY);
        } else if (copy[i] instanceof BigDecimal b) {
          copy[i] = b;
        }
      }
      out.add(copy);
    }
    return out;
  }
}
