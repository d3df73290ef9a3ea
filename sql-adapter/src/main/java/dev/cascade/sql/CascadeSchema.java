package dev.cascade.sql;

import dev.cascade.engine.table.TableDef;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The tables of one store as a Calcite schema. Reads the engine's catalog on every lookup (cached per catalog
 * version), so DDL from any connection is visible at once. Mounted by the driver (as {@code PUBLIC}) and by
 * {@link CascadeSchemaFactory} under whatever name a model gives it.
 *
 * <p>Thread-safe.
 */
public final class CascadeSchema extends AbstractSchema {
  private final SqlStore store;
  private volatile Cached cached = new Cached(-1, Map.of());

  private record Cached(long version, Map<String, Table> tables) {
  }

  public CascadeSchema(SqlStore store) {
    this.store = store;
  }

  public SqlStore store() {
    return store;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    long v = store.catalog().version();
    Cached c = cached;
    if (c.version() != v) {
      Map<String, Table> m = new LinkedHashMap<>();
      for (TableDef t : store.catalog().tables()) {
        m.put(t.name(), new CascadeTable(store, t));
      }
      c = new Cached(v, Map.copyOf(m));
      cached = c;
    }
    return c.tables();
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
