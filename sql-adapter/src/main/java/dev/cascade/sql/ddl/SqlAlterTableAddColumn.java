package dev.cascade.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code ALTER TABLE name ADD [COLUMN] column-definition}.
 *
 * <p>Immutable.
 */
public final class SqlAlterTableAddColumn extends SqlDdl {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("ALTER TABLE", SqlKind.ALTER_TABLE);

  public final SqlIdentifier table;
  public final SqlColumnDef column;

  public SqlAlterTableAddColumn(SqlParserPos pos, SqlIdentifier table, SqlColumnDef column) {
    super(OPERATOR, pos);
    this.table = table;
    this.column = column;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(table, column);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER TABLE");
    table.unparse(writer, leftPrec, rightPrec);
    writer.keyword("ADD COLUMN");
    column.unparse(writer, 0, 0);
  }
}
