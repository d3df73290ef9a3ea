package dev.cascade.sql.sys;

import dev.cascade.sql.SqlStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The system tables of one store ({@code TABLES}, {@code COLUMNS}, {@code PRIMARY_KEYS}, {@code INDEXES},
 * {@code SHARDS}, {@code STATISTICS}; see {@code sql-adapter/docs/sql.md}). The driver mounts it at the top as
 * {@code SYS}; it is also the {@code SYS} sub-schema of every Cascade schema, so a {@code model.json} connection
 * sees it as {@code <schema>.SYS}.
 *
 * <p>Immutable; thread-safe.
 */
public final class SysSchema extends AbstractSchema {
  public static final String NAME = "SYS";
  private final Map<String, Table> tables;

  public SysSchema(SqlStore store, String schemaName) {
    Map<String, Table> m = new LinkedHashMap<>();
    m.put("TABLES", new TablesTable(store, schemaName));
    m.put("COLUMNS", new ColumnsTable(store, schemaName));
    m.put("PRIMARY_KEYS", new PrimaryKeysTable(store, schemaName));
    m.put("INDEXES", new IndexesTable(store, schemaName));
    m.put("SHARDS", new ShardsTable(store, schemaName));
    m.put("STATISTICS", new StatisticsTable(store, schemaName));
    this.tables = java.util.Collections.unmodifiableMap(m);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
