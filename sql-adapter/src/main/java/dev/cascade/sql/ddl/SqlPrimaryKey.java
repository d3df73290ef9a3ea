package dev.cascade.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A table-level {@code PRIMARY KEY (column, ...)} clause of CREATE TABLE.
 *
 * <p>Immutable.
 */
public final class SqlPrimaryKey extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("PRIMARY KEY", SqlKind.PRIMARY_KEY);

  public final SqlNodeList columns;

  public SqlPrimaryKey(SqlParserPos pos, SqlNodeList columns) {
    super(pos);
    this.columns = columns;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(columns);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("PRIMARY KEY");
    DdlUnparse.columnList(writer, columns);
  }
}
