package dev.cascade.sql.ddl;

import dev.cascade.engine.table.ColumnDef;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * What CREATE TABLE asks the catalog for, checked: distinct column names, at most one PRIMARY KEY (on a column or
 * as a table clause) naming existing columns, and a PARTITION BY that is a prefix of the primary key.
 *
 * @param name the table name
 * @param columns the columns in declaration order
 * @param primaryKey positions of the key columns in key order; empty for a table keyed by a hidden row id
 * @param partitionColumns how many leading key columns form the partition key (1 without a declared key)
 *
 * <p>Immutable (built once per statement; its array is not shared).
 */
record TableSpec(String name, List<ColumnDef> columns, int[] primaryKey, int partitionColumns) {
  static TableSpec of(String name, SqlCreateTable create) {
    List<SqlColumnDef> defs = new ArrayList<>();
    SqlNode keyClause = null;
    SqlNodeList keyNames = null;
    for (SqlNode element : create.elements) {
      if (element instanceof SqlColumnDef def) {
        defs.add(def);
        if (def.primaryKey) {
          keyClause = onlyKey(keyClause, def, name);
          keyNames = SqlNodeList.of(def.name);
        }
      } else {
        SqlPrimaryKey key = (SqlPrimaryKey) element;
        keyClause = onlyKey(keyClause, key, name);
        keyNames = key.columns;
      }
    }
    List<ColumnDef> columns = columns(name, create.elements, defs, keyNames);
    int[] primaryKey = keyNames == null ? new int[0]
        : ColumnDefs.positions(keyNames, columns, name, "PRIMARY KEY");
    return new TableSpec(name, columns, primaryKey, partitionColumns(name, create, keyNames));
  }

  private static SqlNode onlyKey(SqlNode previous, SqlNode next, String table) {
    if (previous != null) {
      throw DdlErrors.at(DdlErrors.INVALID, next, "table " + table + " has more than one PRIMARY KEY (the first at "
          + previous.getParserPosition() + ")");
    }
    return next;
  }

  private static List<ColumnDef> columns(String table, SqlNodeList elements, List<SqlColumnDef> defs,
      SqlNodeList keyNames) {
    if (defs.isEmpty()) {
      throw DdlErrors.at(DdlErrors.INVALID, elements, "table " + table + " has no columns");
    }
    List<ColumnDef> columns = new ArrayList<>();
    for (SqlColumnDef def : defs) {
      String column = def.name.getSimple();
      if (ColumnDefs.indexOf(columns, column) >= 0) {
        throw DdlErrors.at(DdlErrors.COLUMN_EXISTS, def, "table " + table + " declares column " + column + " twice");
      }
      columns.add(ColumnDefs.of(def, inKey(keyNames, column)));
    }
    return columns;
  }

  private static boolean inKey(SqlNodeList keyNames, String column) {
    if (keyNames == null) {
      return false;
    }
    for (SqlNode n : keyNames) {
      if (((SqlIdentifier) n).getSimple().equals(column)) {
        return true;
      }
    }
    return false;
  }

  private static int partitionColumns(String table, SqlCreateTable create, SqlNodeList keyNames) {
    SqlNodeList partition = create.partitionBy;
    if (partition == null) {
      return 1;
    }
    if (keyNames == null) {
      throw DdlErrors.at(DdlErrors.INVALID, partition, "PARTITION BY needs a PRIMARY KEY: table " + table
          + " has none, and the partition key must be a prefix of it");
    }
    if (partition.size() == 0 || partition.size() > keyNames.size()) {
      throw notPrefix(table, partition, keyNames);
    }
    for (int i = 0; i < partition.size(); i++) {
      String p = ((SqlIdentifier) partition.get(i)).getSimple();
      String k = ((SqlIdentifier) keyNames.get(i)).getSimple();
      if (!p.equals(k)) {
        throw notPrefix(table, partition, keyNames);
      }
    }
    return partition.size();
  }

  private static RuntimeException notPrefix(String table, SqlNodeList partition, SqlNodeList keyNames) {
    return DdlErrors.at(DdlErrors.INVALID, partition, "PARTITION BY " + names(partition) + " of table " + table
        + " is not a prefix of its PRIMARY KEY " + names(keyNames));
  }

  private static String names(SqlNodeList list) {
    List<String> names = new ArrayList<>();
    for (SqlNode n : list) {
      names.add(((SqlIdentifier) n).getSimple());
    }
    return "(" + String.join(", ", names) + ")";
  }
}
