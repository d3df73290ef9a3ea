package dev.cascade.sql.ddl;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code DROP TABLE [IF EXISTS] name [CASCADE | RESTRICT]}. A table's indexes are part of it and always go with
 * it; nothing else can depend on a table yet, so CASCADE and RESTRICT drop the same things.
 *
 * <p>Immutable.
 */
public final class SqlDropTable extends SqlDrop {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("DROP TABLE", SqlKind.DROP_TABLE);

  /** The drop behaviour the statement named, if any. */
  public enum Behavior { DEFAULT, CASCADE, RESTRICT }

  public final SqlIdentifier name;
  public final Behavior behavior;

  public SqlDropTable(SqlParserPos pos, boolean ifExists, SqlIdentifier name, Behavior behavior) {
    super(OPERATOR, pos, ifExists);
    this.name = name;
    this.behavior = behavior;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DROP TABLE");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (behavior != Behavior.DEFAULT) {
      writer.keyword(behavior.name());
    }
  }
}
