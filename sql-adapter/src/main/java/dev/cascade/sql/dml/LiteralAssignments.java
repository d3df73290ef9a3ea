package dev.cascade.sql.dml;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.sql.SqlBinaryStringLiteral;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.util.BitString;

/**
 * Checks the string and binary literals an INSERT ... VALUES or an UPDATE ... SET assigns against the lengths of
 * their columns (22001), before conversion: Calcite casts a literal to the column type while converting, which cuts
 * it silently (CAST semantics), whereas SQL's store assignment refuses to lose characters other than trailing
 * spaces. Values computed at run time are checked by {@link ColumnValues}.
 *
 * <p>Stateless.
 */
final class LiteralAssignments {
  private LiteralAssignments() {
  }

  static void check(SqlInsert insert, TableDef table) {
    SqlCall values = valuesOf(insert.getSource());
    if (values == null) {
      return;
    }
    List<Integer> targets = targetColumns(insert.getTargetColumnList(), table);
    for (SqlNode row : values.getOperandList()) {
      if (row instanceof SqlCall call && call.getKind() == SqlKind.ROW) {
        List<SqlNode> operands = call.getOperandList();
        for (int i = 0; i < operands.size() && i < targets.size(); i++) {
          checkValue(table, targets.get(i), operands.get(i));
        }
      }
    }
  }

  static void check(SqlUpdate update, TableDef table) {
    List<Integer> targets = targetColumns(update.getTargetColumnList(), table);
    SqlNodeList sources = update.getSourceExpressionList();
    for (int i = 0; i < sources.size() && i < targets.size(); i++) {
      checkValue(table, targets.get(i), sources.get(i));
    }
  }

  /** The VALUES call of {@code VALUES ...} or {@code SELECT * FROM (VALUES ...)}, or null. */
  private static SqlCall valuesOf(SqlNode source) {
    SqlNode node = source;
    if (node instanceof SqlSelect select && select.getFrom() != null && select.getSelectList().size() == 1
        && select.getSelectList().get(0) instanceof SqlIdentifier star && star.isStar()) {
      node = select.getFrom();
      if (node instanceof SqlCall as && as.getKind() == SqlKind.AS) {
        node = as.operand(0);
      }
    }
    return node instanceof SqlCall call && call.getKind() == SqlKind.VALUES ? call : null;
  }

  /** Positions of the named columns, or of every column an INSERT without a column list fills. */
  private static List<Integer> targetColumns(SqlNodeList names, TableDef table) {
    List<Integer> positions = new ArrayList<>();
    if (names == null) {
      for (int i = 0; i < table.columns().size(); i++) {
        if (!table.columns().get(i).hidden()) {
          positions.add(i);
        }
      }
      return positions;
    }
    for (SqlNode name : names) {
      SqlIdentifier id = (SqlIdentifier) name;
      positions.add(table.columnIndex(id.names.get(id.names.size() - 1)));
    }
    return positions;
  }

  private static void checkValue(TableDef table, int column, SqlNode value) {
    if (column < 0) {
      return;
    }
    SqlNode node = value;
    while (node instanceof SqlCall call && call.getKind() == SqlKind.CAST) {
      node = call.operand(0);
    }
    ColumnType type = table.columns().get(column).type();
    ColumnDef c = table.columns().get(column);
    if (c.precision() < 0) {
      return;
    }
    if (node instanceof SqlCharStringLiteral s && (type == ColumnType.CHAR || type == ColumnType.VARCHAR)) {
      ColumnValues.checked(table, column, s.getValueAs(String.class));
    } else if (node instanceof SqlBinaryStringLiteral b && type == ColumnType.VARBINARY) {
      ColumnValues.checked(table, column, new ByteString(b.getValueAs(BitString.class).getAsByteArray()));
    }
  }
}
