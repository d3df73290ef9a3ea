package dev.cascade.sql.dml;

import java.lang.reflect.Type;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rex.RexBuilder;

/**
 * The driver's statement preparation: Calcite's, except that SQL is converted by {@link CascadeSqlToRelConverter},
 * so that UPSERT keeps its meaning (Calcite's converter plans it as a plain INSERT).
 *
 * <p>Thread-safe (stateless; Calcite creates one per statement preparation).
 */
public class CascadePrepare extends CalcitePrepareImpl {

  /** As Calcite's, with a {@link CascadePreparingStmt} (the same choices of row format and result convention). */
  @Override
  protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    JavaTypeFactory typeFactory = context.getTypeFactory();
    EnumerableRel.Prefer prefer = elementType == Object[].class
        ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
    Convention resultConvention = enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE;
    return new CascadePreparingStmt(this, context, catalogReader, typeFactory, context.getRootSchema(), prefer,
        createCluster(planner, new RexBuilder(typeFactory)), resultConvention, createConvertletTable());
  }
}
