package dev.cascade.sql.ddl;

import dev.cascade.engine.table.ColumnDef;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/** Column definitions and column lists of DDL statements, checked and turned into catalog terms. Stateless. */
final class ColumnDefs {
  private ColumnDefs() {
  }

  /** The catalog column for {@code def}; a primary-key column is NOT NULL whatever it says. */
  static ColumnDef of(SqlColumnDef def, boolean inPrimaryKey) {
    String name = def.name.getSimple();
    ColumnTypeSpec type = ColumnTypeSpec.of(def.type, def.name);
    boolean nullable = def.nullable && !inPrimaryKey;
    Object defaultValue = def.defaultValue == null ? null : DefaultValue.of(def.defaultValue, type, name);
    if (def.defaultValue != null && defaultValue == null && !nullable) {
      throw DdlErrors.at(DdlErrors.INVALID, def.defaultValue, "column " + name
          + (inPrimaryKey ? " is in the primary key" : " is NOT NULL") + " and cannot have DEFAULT NULL");
    }
    return new ColumnDef(name, type.type(), type.precision(), type.scale(), nullable, defaultValue, false);
  }

  /**
   * Positions of the named columns in {@code columns}: 42S22 for a name that is not there, 42000 for a name listed
   * twice; {@code what} says which list it is in messages ("PRIMARY KEY", "index I").
   */
  static int[] positions(SqlNodeList names, List<ColumnDef> columns, String table, String what) {
    int[] positions = new int[names.size()];
    for (int i = 0; i < positions.length; i++) {
      SqlNode node = names.get(i);
      String name = ((SqlIdentifier) node).getSimple();
      int p = indexOf(columns, name);
      if (p < 0) {
        throw DdlErrors.at(DdlErrors.COLUMN_NOT_FOUND, node, what + " names column " + name
            + ", which table " + table + " does not have");
      }
      for (int j = 0; j < i; j++) {
        if (positions[j] == p) {
          throw DdlErrors.at(DdlErrors.INVALID, node, what + " names column " + name + " twice");
        }
      }
      positions[i] = p;
    }
    return positions;
  }

  static int indexOf(List<ColumnDef> columns, String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
