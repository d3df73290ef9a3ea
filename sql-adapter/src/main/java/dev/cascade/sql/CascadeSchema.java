package dev.cascade.sql;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.sys.SysSchema;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The tables of one store as a Calcite schema. Reads the engine's catalog on every lookup (cached per catalog
 * version), so DDL from any connection is visible at once. Mounted by the driver (as {@code PUBLIC}) and by
 * {@link CascadeSchemaFactory} under whatever name a model gives it. Its one sub-schema, {@code SYS}, holds the
 * system tables of the store ({@link SysSchema}), so both entry paths see them; the driver also mounts that
 * schema at the top as {@code SYS}.
 *
 * <p>Thread-safe.
 */
public final class CascadeSchema extends AbstractSchema {
  private final SqlStore store;
  private final SysSchema sys;
  private volatile Cached cached = new Cached(-1, Map.of());

  private record Cached(long version, Map<String, Table> tables) {
  }

  /** The schema as the driver mounts it, named {@code PUBLIC}. */
  public CascadeSchema(SqlStore store) {
    this(store, CascadeDriver.SCHEMA);
  }

  /** {@code name} is the name the schema is mounted under (what the system tables report as TABLE_SCHEM). */
  public CascadeSchema(SqlStore store, String name) {
    this.store = store;
    this.sys = new SysSchema(store, name);
  }

  public SqlStore store() {
    return store;
  }

  /** The system tables of this store. */
  public SysSchema sys() {
    return sys;
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
  protected Map<String, Schema> getSubSchemaMap() {
    return Map.of(SysSchema.NAME, sys);
  }

  @Override
  public boolean isMutable() {
    return true;
  }
}
