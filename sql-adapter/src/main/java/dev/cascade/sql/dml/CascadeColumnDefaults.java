package dev.cascade.sql.dml;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlTypes;
import java.math.BigDecimal;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * What an INSERT writes into a column it does not name: the column's DEFAULT, else NULL (which a NOT NULL column
 * refuses). The hidden row id is a generated (STORED) column: INSERT never names it, so a table without a primary
 * key takes rows of its visible columns; the value planned here is a placeholder that {@link ChangeReader} replaces
 * with the catalog's next row id. Calcite finds this through {@code CascadeTable.unwrap}.
 *
 * <p>Immutable.
 */
public final class CascadeColumnDefaults extends NullInitializerExpressionFactory {
  private final TableDef table;

  private CascadeColumnDefaults(TableDef table) {
    this.table = table;
  }

  public static CascadeColumnDefaults of(TableDef table) {
    return new CascadeColumnDefaults(table);
  }

  @Override
  public ColumnStrategy generationStrategy(RelOptTable relOptTable, int column) {
    ColumnDef c = table.columns().get(column);
    if (c.hidden()) {
      return ColumnStrategy.STORED;
    }
    if (c.defaultValue() != null) {
      return ColumnStrategy.DEFAULT;
    }
    return c.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
  }

  @Override
  public RexNode newColumnDefaultValue(RelOptTable relOptTable, int column, InitializerContext context) {
    ColumnDef c = table.columns().get(column);
    RexBuilder rex = context.getRexBuilder();
    RelDataType type = relOptTable.getRowType().getFieldList().get(column).getType();
    if (c.hidden()) {
      return rex.makeExactLiteral(BigDecimal.ZERO, type);
    }
    if (c.defaultValue() == null) {
      return super.newColumnDefaultValue(relOptTable, column, context);
    }
    return rex.makeLiteral(literalValue(c, c.defaultValue()), type, true);
  }

  /** A column value as RexBuilder.makeLiteral takes it. */
  private static Object literalValue(ColumnDef c, Object v) {
    return switch (c.type()) {
      case DATE -> DateString.fromDaysSinceEpoch((Integer) v);
      case TIME -> TimeString.fromMillisOfDay((Integer) v);
      case TIMESTAMP -> TimestampString.fromMillisSinceEpoch((Long) v);
      case TINYINT, SMALLINT, INTEGER, BIGINT -> BigDecimal.valueOf(((Number) v).longValue());
      case REAL, DOUBLE -> BigDecimal.valueOf(((Number) v).doubleValue());
      default -> SqlTypes.toCalcite(v);
    };
  }
}
