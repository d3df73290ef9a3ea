package dev.cascade.sql.ddl;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;

/** Unparsing pieces the DDL nodes share. Stateless. */
final class DdlUnparse {
  private DdlUnparse() {
  }

  /** Writes {@code (a, b, c)}. */
  static void columnList(SqlWriter writer, SqlNodeList nodes) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode n : nodes) {
      writer.sep(",");
      n.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
