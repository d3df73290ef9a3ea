package dev.cascade.sql.sys;

import static org.apache.calcite.sql.type.SqlTypeName.BOOLEAN;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SYS.INDEXES}: one row per indexed column of each secondary index (ORDINAL_POSITION from 1). UNIQUE
 * indexes are global (partitioned by the indexed value), the others local to the row's shard.
 *
 * <p>Immutable; thread-safe.
 */
final class IndexesTable extends SysTable {
  private static final List<Column> COLUMNS = List.of(column("TABLE_SCHEM", VARCHAR), column("TABLE_NAME", VARCHAR),
      column("INDEX_NAME", VARCHAR), column("INDEX_ID", INTEGER), column("NON_UNIQUE", BOOLEAN),
      column("IS_GLOBAL", BOOLEAN), column("ORDINAL_POSITION", INTEGER), column("COLUMN_NAME", VARCHAR));

  IndexesTable(SqlStore store, String schemaName) {
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
      for (IndexDef ix : t.indexes()) {
        for (int i = 0; i < ix.columns().length; i++) {
          rows.add(new Object[] {schemaName, t.name(), ix.name(), ix.indexId(), !ix.unique(), ix.unique(), i + 1,
              t.columns().get(ix.columns()[i]).name()});
        }
      }
    }
    return rows;
  }
}
