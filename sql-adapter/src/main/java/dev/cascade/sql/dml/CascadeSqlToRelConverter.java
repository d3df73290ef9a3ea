package dev.cascade.sql.dml;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Calcite's SQL-to-rel conversion, except that {@code UPSERT INTO} on a Cascade table becomes an upserting
 * {@link CascadeLogicalTableModify} (Calcite parses the UPSERT keyword into {@link SqlInsert#isUpsert()} and then
 * converts it like any INSERT).
 *
 * <p>Owned by the preparing thread.
 */
final class CascadeSqlToRelConverter extends SqlToRelConverter {

  CascadeSqlToRelConverter(RelOptTable.ViewExpander viewExpander, SqlValidator validator,
      Prepare.CatalogReader catalogReader, RelOptCluster cluster, SqlRexConvertletTable convertletTable,
      Config config) {
    super(viewExpander, validator, catalogReader, cluster, convertletTable, config);
  }

  @Override
  protected RelNode convertInsert(SqlInsert call) {
    RelNode rel = super.convertInsert(call);
    if (call.isUpsert() && rel instanceof CascadeLogicalTableModify modify) {
      return modify.asUpsert();
    }
    return rel;
  }
}
