package dev.cascade.sql.sys;

import dev.cascade.sql.SqlStore;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A read-only system table computed from the store at each scan (the catalog's current snapshot, the engine's
 * current properties). Values are Calcite's internal representation: String, Integer, Long, Boolean, Double.
 *
 * <p>Immutable; thread-safe.
 */
public abstract class SysTable extends AbstractTable implements ScannableTable {
  /** One column: its name, type, and whether it can be NULL. */
  public record Column(String name, SqlTypeName type, boolean nullable) {
  }

  protected final SqlStore store;
  /** The name of the Cascade schema the store's tables are mounted under (reported as TABLE_SCHEM). */
  protected final String schemaName;

  protected SysTable(SqlStore store, String schemaName) {
    this.store = store;
    this.schemaName = schemaName;
  }

  static Column column(String name, SqlTypeName type) {
    return new Column(name, type, false);
  }

  static Column nullable(String name, SqlTypeName type) {
    return new Column(name, type, true);
  }

  /** The columns, in order. */
  public abstract List<Column> columns();

  /** The rows as of now, each an array in column order. */
  protected abstract List<Object[]> rows();

  @Override
  public RelDataType getRowType(RelDataTypeFactory f) {
    RelDataTypeFactory.Builder b = f.builder();
    for (Column c : columns()) {
      b.add(c.name(), f.createTypeWithNullability(f.createSqlType(c.type()), c.nullable()));
    }
    return b.build();
  }

  @Override
  public Enumerable<Object[]> scan(DataContext root) {
    return Linq4j.asEnumerable(rows());
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return Schema.TableType.SYSTEM_TABLE;
  }
}
