package dev.cascade.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CREATE TABLE [IF NOT EXISTS] name (element, ...) [PARTITION BY (column, ...)]}, where each element is a
 * {@link SqlColumnDef} or a {@link SqlPrimaryKey}.
 *
 * <p>Immutable.
 */
public final class SqlCreateTable extends SqlCreate {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

  public final SqlIdentifier name;
  public final SqlNodeList elements;
  public final @Nullable SqlNodeList partitionBy;

  public SqlCreateTable(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
      SqlNodeList elements, @Nullable SqlNodeList partitionBy) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.elements = elements;
    this.partitionBy = partitionBy;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, elements, partitionBy);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    DdlUnparse.columnList(writer, elements);
    if (partitionBy != null) {
      writer.keyword("PARTITION BY");
      DdlUnparse.columnList(writer, partitionBy);
    }
  }
}
