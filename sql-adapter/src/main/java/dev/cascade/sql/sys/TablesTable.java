package dev.cascade.sql.sys;

import static org.apache.calcite.sql.type.SqlTypeName.BOOLEAN;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SYS.TABLES}: one row per table: its id, schema version, column count (the hidden row id included), the
 * primary key and partition key column lists (NULL when the table is keyed by a hidden row id), index count.
 *
 * <p>Immutable; thread-safe.
 */
final class TablesTable extends SysTable {
  private static final List<Column> COLUMNS = List.of(column("TABLE_SCHEM", VARCHAR), column("TABLE_NAME", VARCHAR),
      column("TABLE_ID", INTEGER), column("SCHEMA_VERSION", INTEGER), column("COLUMN_COUNT", INTEGER),
      nullable("PRIMARY_KEY", VARCHAR), nullable("PARTITION_KEY", VARCHAR), column("HIDDEN_ROW_ID", BOOLEAN),
      column("INDEX_COUNT", INTEGER));

  TablesTable(SqlStore store, String schemaName) {
    super(store, schemaName);
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  protected List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (TableDef t : store.catalog().tables()) {
      boolean hidden = t.hasHiddenRowId();
      rows.add(new Object[] {schemaName, t.name(), t.tableId(), t.schemaVersion(), t.columns().size(),
          hidden ? null : columnList(t, t.primaryKey().length), hidden ? null : columnList(t, t.partitionColumns()),
          hidden, t.indexes().size()});
    }
    return rows;
  }

  /** The names of the first {@code n} primary-key columns, comma separated. */
  static String columnList(TableDef t, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append(t.columns().get(t.primaryKey()[i]).name());
    }
    return b.toString();
  }
}
