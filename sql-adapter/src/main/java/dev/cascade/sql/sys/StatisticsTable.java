package dev.cascade.sql.sys;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SYS.STATISTICS}: what the optimizer is told of each table: the row-count estimate the catalog keeps
 * (maintained by each committed statement, persisted, approximate after a crash).
 *
 * <p>Immutable; thread-safe.
 */
final class StatisticsTable extends SysTable {
  private static final List<Column> COLUMNS = List.of(column("TABLE_SCHEM", VARCHAR), column("TABLE_NAME", VARCHAR),
      column("ROW_COUNT", BIGINT));

  StatisticsTable(SqlStore store, String schemaName) {
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
      rows.add(new Object[] {schemaName, t.name(), store.catalog().stats(t.name()).rowCount()});
    }
    return rows;
  }
}
