package dev.cascade.sql.dml;

import dev.cascade.sql.plan.JoinOrder;
import org.apache.calcite.tools.Program;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * One statement's preparation on the driver path; differs from Calcite's only in its SQL-to-rel converter.
 *
 * <p>Owned by the preparing thread.
 */
final class CascadePreparingStmt extends CalcitePrepareImpl.CalcitePreparingStmt {
  private final RelOptCluster cluster;

  CascadePreparingStmt(CalcitePrepareImpl prepare, CalcitePrepare.Context context,
      Prepare.CatalogReader catalogReader, RelDataTypeFactory typeFactory, CalciteSchema schema,
      EnumerableRel.Prefer prefer, RelOptCluster cluster, Convention resultConvention,
      SqlRexConvertletTable convertletTable) {
    super(prepare, context, catalogReader, typeFactory, schema, prefer, cluster, resultConvention, convertletTable);
    this.cluster = cluster;
  }

  @Override
  protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator, Prepare.CatalogReader catalogReader,
      SqlToRelConverter.Config config) {
    return new CascadeSqlToRelConverter(this, validator, catalogReader, cluster, convertletTable, config);
  }

  /** Calcite's standard program behind a heuristic join order ({@link JoinOrder}). */
  @Override
  protected Program getProgram() {
    return JoinOrder.PROGRAM;
  }
}
