package dev.cascade.sql.sys;

import static org.apache.calcite.sql.type.SqlTypeName.BOOLEAN;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.jdbc.CascadeMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SYS.PRIMARY_KEYS}: one row per primary-key column in key order (KEY_SEQ from 1), the same facts as
 * {@link java.sql.DatabaseMetaData#getPrimaryKeys} plus whether the column is part of the partition key. Tables
 * keyed by a hidden row id have no rows here.
 *
 * <p>Immutable; thread-safe.
 */
final class PrimaryKeysTable extends SysTable {
  private static final List<Column> COLUMNS = List.of(column("TABLE_SCHEM", VARCHAR), column("TABLE_NAME", VARCHAR),
      column("COLUMN_NAME", VARCHAR), column("KEY_SEQ", INTEGER), column("PK_NAME", VARCHAR),
      column("IS_PARTITION_KEY", BOOLEAN));

  PrimaryKeysTable(SqlStore store, String schemaName) {
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
      if (t.hasHiddenRowId()) {
        continue;
      }
      for (int k = 0; k < t.primaryKey().length; k++) {
        rows.add(new Object[] {schemaName, t.name(), t.columns().get(t.primaryKey()[k]).name(), k + 1,
            CascadeMeta.primaryKeyName(t.name()), k < t.partitionColumns()});
      }
    }
    return rows;
  }
}
