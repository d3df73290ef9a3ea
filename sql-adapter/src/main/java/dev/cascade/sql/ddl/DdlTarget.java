package dev.cascade.sql.ddl;

import dev.cascade.sql.CascadeSchema;
import dev.cascade.sql.SqlStore;
import java.util.List;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.sql.SqlIdentifier;

/**
 * What a DDL statement's name refers to: the store behind the named (or the connection's default) schema, and the
 * object's name in it. Names are used as the parser produced them (unquoted names upper-cased).
 *
 * @param store the store whose catalog the statement writes
 * @param name the table or index name within the store
 *
 * <p>Immutable.
 */
record DdlTarget(SqlStore store, String name) {

  /** Resolves {@code [schema.]name} against the connection of {@code context}. */
  static DdlTarget resolve(CalcitePrepare.Context context, SqlIdentifier id) {
    if (id.names.size() > 2) {
      throw DdlErrors.at(DdlErrors.INVALID, id, "name " + id + " has too many parts (expected [schema.]name)");
    }
    List<String> path = id.names.size() == 2 ? List.of(id.names.get(0)) : context.getDefaultSchemaPath();
    CalciteSchema schema = context.getRootSchema();
    for (String part : path) {
      CalciteSchema sub = schema.getSubSchema(part, true);
      if (sub == null) {
        throw DdlErrors.at(DdlErrors.INVALID, id, "schema " + String.join(".", path) + " not found");
      }
      schema = sub;
    }
    if (!(schema.schema instanceof CascadeSchema cascade)) {
      throw DdlErrors.at(DdlErrors.UNSUPPORTED, id,
          "schema " + String.join(".", path) + " is not a Cascade schema; DDL runs only on Cascade tables");
    }
    return new DdlTarget(cascade.store(), id.names.getLast());
  }
}
