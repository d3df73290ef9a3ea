package dev.cascade.sql.ddl;

import dev.cascade.engine.table.Catalog;
import dev.cascade.engine.table.CatalogException;
import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.ddl.parser.CascadeSqlParserImpl;
import java.io.Reader;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.server.DdlExecutorImpl;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

/**
 * Runs Cascade's DDL ({@link SqlCreateTable}, {@link SqlDropTable}, {@link SqlCreateIndex}, {@link SqlDropIndex},
 * {@link SqlAlterTableAddColumn}) against the engine catalog of the store behind the statement's schema, never a
 * connection's in-memory schema, so every connection sees the change at once and a restart finds it. Each
 * statement holds the store's write lock, so a CREATE INDEX fills from rows no DML is changing meanwhile.
 * {@link DdlExecutorImpl} dispatches each node to the {@code execute} method for its class.
 *
 * <p>Stateless; thread-safe.
 */
public class CascadeDdlExecutor extends DdlExecutorImpl {
  public static final CascadeDdlExecutor INSTANCE = new CascadeDdlExecutor();

  /** The parser factory the driver installs (connection property {@code parserFactory}). */
  public static final SqlParserImplFactory PARSER_FACTORY = new SqlParserImplFactory() {
    @Override
    public SqlAbstractParserImpl getParser(Reader stream) {
      return CascadeSqlParserImpl.FACTORY.getParser(stream);
    }

    @Override
    public DdlExecutor getDdlExecutor() {
      return INSTANCE;
    }
  };

  protected CascadeDdlExecutor() {
  }

  /** The executor behind {@link #PARSER_FACTORY}. */
  public static DdlExecutor executor() {
    return INSTANCE;
  }

  /** Any DDL this class has no method for: CREATE VIEW, DROP SCHEMA and the like parse in no Cascade grammar. */
  @Override
  public void execute(SqlNode node, CalcitePrepare.Context context) {
    throw DdlErrors.at(DdlErrors.UNSUPPORTED, node, node.getKind() + " is not supported");
  }

  public void execute(SqlCreateTable create, CalcitePrepare.Context context) {
    rejectReplace(create);
    DdlTarget target = DdlTarget.resolve(context, create.name);
    TableSpec spec = TableSpec.of(target.name(), create);
    write(target, catalog -> catalog.createTable(spec.name(), spec.columns(), spec.primaryKey(),
        spec.partitionColumns(), create.ifNotExists));
  }

  public void execute(SqlDropTable drop, CalcitePrepare.Context context) {
    DdlTarget target = DdlTarget.resolve(context, drop.name);
    write(target, catalog -> {
      if (catalog.table(target.name()) == null && !drop.ifExists) {
        throw DdlErrors.at(DdlErrors.TABLE_NOT_FOUND, drop.name, "table " + target.name() + " does not exist");
      }
      return catalog.dropTable(target.name(), drop.ifExists);
    });
  }

  public void execute(SqlCreateIndex create, CalcitePrepare.Context context) {
    rejectReplace(create);
    DdlTarget target = DdlTarget.resolve(context, create.table);
    String index = create.name.getSimple();
    write(target, catalog -> {
      TableDef table = existingTable(catalog, target.name(), create.table);
      TableDef owner = indexOwner(catalog, index);
      if (owner != null) {
        if (create.ifNotExists) {
          return owner;
        }
        throw DdlErrors.at(DdlErrors.INDEX_EXISTS, create.name, "index " + index + " already exists (on table "
            + owner.name() + ")");
      }
      int[] columns = ColumnDefs.positions(create.columns, table.columns(), table.name(), "index " + index);
      return catalog.createIndex(table.name(), index, columns, create.unique, create.ifNotExists);
    });
  }

  public void execute(SqlDropIndex drop, CalcitePrepare.Context context) {
    DdlTarget target = DdlTarget.resolve(context, drop.name);
    write(target, catalog -> {
      if (indexOwner(catalog, target.name()) == null && !drop.ifExists) {
        throw DdlErrors.at(DdlErrors.INDEX_NOT_FOUND, drop.name, "index " + target.name() + " does not exist");
      }
      return catalog.dropIndex(target.name(), drop.ifExists);
    });
  }

  public void execute(SqlAlterTableAddColumn alter, CalcitePrepare.Context context) {
    DdlTarget target = DdlTarget.resolve(context, alter.table);
    SqlColumnDef def = alter.column;
    String column = def.name.getSimple();
    if (def.primaryKey) {
      throw DdlErrors.at(DdlErrors.UNSUPPORTED, def, "ALTER TABLE ADD COLUMN cannot add primary-key column "
          + column + "; a table's key is fixed when it is created");
    }
    write(target, catalog -> {
      TableDef table = existingTable(catalog, target.name(), alter.table);
      if (table.columnIndex(column) >= 0) {
        throw DdlErrors.at(DdlErrors.COLUMN_EXISTS, def.name, "table " + table.name() + " already has column "
            + column);
      }
      ColumnDef added = ColumnDefs.of(def, false);
      if (!added.nullable() && added.defaultValue() == null) {
        throw DdlErrors.at(DdlErrors.INVALID, def, "column " + column + " added to table " + table.name()
            + " is NOT NULL, so it needs a DEFAULT for the rows already there");
      }
      return catalog.addColumn(table.name(), added);
    });
  }

  private static void rejectReplace(SqlCreate create) {
    if (create.getReplace()) {
      throw DdlErrors.at(DdlErrors.UNSUPPORTED, create, "CREATE OR REPLACE is not supported");
    }
  }

  private static TableDef existingTable(Catalog catalog, String name, SqlIdentifier id) {
    TableDef table = catalog.table(name);
    if (table == null) {
      throw DdlErrors.at(DdlErrors.TABLE_NOT_FOUND, id, "table " + name + " does not exist");
    }
    return table;
  }

  /** The table that has an index of this name, or null (index names are unique across the store). */
  private static TableDef indexOwner(Catalog catalog, String index) {
    for (TableDef t : catalog.tables()) {
      for (IndexDef i : t.indexes()) {
        if (i.name().equals(index)) {
          return t;
        }
      }
    }
    return null;
  }

  /** Runs one catalog change under the store's write lock, translating the catalog's refusals to SQLSTATEs. */
  private static void write(DdlTarget target, Function<Catalog, ?> change) {
    SqlStore store = target.store();
    ReentrantLock lock = store.writeLock();
    lock.lock();
    try {
      change.apply(store.catalog());
    } catch (CatalogException e) {
      throw DdlErrors.of(e);
    } finally {
      lock.unlock();
    }
  }
}
