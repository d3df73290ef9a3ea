package dev.cascade.sql.dml;

import dev.cascade.sql.CascadeTable;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexNode;

/** INSERT, UPDATE, DELETE, MERGE and UPSERT on a Cascade table. */
public final class CascadeTableModify {
  private CascadeTableModify() {
  }

  public static TableModify create(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode child, TableModify.Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened, CascadeTable cascadeTable) {
    throw new UnsupportedOperationException("DML not built yet");
  }
}
