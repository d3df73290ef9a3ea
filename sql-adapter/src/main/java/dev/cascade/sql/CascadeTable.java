package dev.cascade.sql;

import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.dml.CascadeColumnDefaults;
import dev.cascade.sql.dml.CascadeTableModify;
import dev.cascade.sql.dml.CascadeTableModifyRule;
import dev.cascade.sql.plan.CascadeStatistics;
import dev.cascade.sql.plan.CascadeTableScan;
import java.util.Collection;
import java.util.List;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;

/**
 * One Cascade table in a Calcite schema: a snapshot of its {@link TableDef} (a DDL makes the schema hand out a new
 * one). Scans become {@link CascadeTableScan}s, writes {@link CascadeTableModify}s.
 *
 * <p>Immutable; thread-safe.
 */
public final class CascadeTable extends AbstractQueryableTable implements TranslatableTable, ModifiableTable {
  private final SqlStore store;
  private final TableDef def;
  private final TableCodec codec;

  public CascadeTable(SqlStore store, TableDef def) {
    super(Object[].class);
    this.store = store;
    this.def = def;
    this.codec = TableCodec.of(def);
  }

  public SqlStore store() {
    return store;
  }

  public TableDef def() {
    return def;
  }

  public TableCodec codec() {
    return codec;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return SqlTypes.rowType(typeFactory, def);
  }

  @Override
  public Statistic getStatistic() {
    return CascadeStatistics.of(this);
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    // UPDATE, DELETE and MERGE reach the planner as Calcite's LogicalTableModify over a scan of this table.
    CascadeTableModifyRule.register(context.getCluster().getPlanner());
    return CascadeTableScan.create(context.getCluster(), relOptTable, this);
  }

  @Override
  public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode child, TableModify.Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened) {
    return CascadeTableModify.create(cluster, table, catalogReader, child, operation, updateColumnList,
        sourceExpressionList, flattened, this);
  }

  /** Column defaults for INSERT (Calcite asks for an InitializerExpressionFactory). */
  @Override
  public <C> C unwrap(Class<C> aClass) {
    if (aClass == InitializerExpressionFactory.class) {
      return aClass.cast(CascadeColumnDefaults.of(def));
    }
    return super.unwrap(aClass);
  }

  @Override
  public Collection<?> getModifiableCollection() {
    return null;
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("Cascade tables are scanned through CascadeTableScan, not as Queryable");
  }
}
