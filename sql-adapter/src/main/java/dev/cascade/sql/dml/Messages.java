package dev.cascade.sql.dml;

import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import java.util.StringJoiner;

/** Key values as error messages show them: {@code (ID, NAME) = (5, 'x')}. Stateless. */
final class Messages {
  private Messages() {
  }

  static String primaryKey(TableDef table, Object[] row) {
    return columnsAndValues(table, table.primaryKey(), row);
  }

  static String indexValue(TableDef table, IndexDef index, Object[] row) {
    return columnsAndValues(table, index.columns(), row);
  }

  private static String columnsAndValues(TableDef table, int[] columns, Object[] row) {
    StringJoiner names = new StringJoiner(", ", "(", ")");
    StringJoiner values = new StringJoiner(", ", "(", ")");
    for (int c : columns) {
      names.add(table.columns().get(c).name());
      values.add(ColumnValues.quote(row[c]));
    }
    return names + " = " + values;
  }
}
