package dev.cascade.sql.dml;

import dev.cascade.sql.CascadeTable;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.SqlToRelConverter;

/**
 * Calcite's SQL-to-rel conversion with three repairs for writes to Cascade tables:
 * <ul>
 *   <li>{@code UPSERT INTO} becomes an upserting {@link CascadeLogicalTableModify} (Calcite parses the UPSERT keyword
 *       into {@link SqlInsert#isUpsert()} and then converts it like any INSERT);</li>
 *   <li>character and binary values are assigned to their columns without Calcite's cutting CAST
 *       ({@link StoreAssignment}, {@link LiteralAssignments}): too long is 22001;</li>
 *   <li>a MERGE with only WHEN NOT MATCHED keeps only the source rows that match no target row (Calcite projects
 *       the insert values of every row of {@code source LEFT JOIN target}, matched or not).</li>
 * </ul>
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

  @Override
  public RelRoot convertQuery(SqlNode query, boolean needsValidation, boolean top) {
    RelRoot root = super.convertQuery(query, needsValidation, top);
    CascadeTable table = root.rel instanceof TableModify modify ? modify.getTable().unwrap(CascadeTable.class) : null;
    if (table == null) {
      return root;
    }
    checkLiterals(query, table);
    if (query instanceof SqlMerge merge && merge.getUpdateCall() == null) {
      return root.withRel(skipMatchedRows((TableModify) root.rel, table));
    }
    return root.withRel(StoreAssignment.uncastWrites((TableModify) root.rel));
  }

  /**
   * String and binary literals too long for their columns are refused, not cut (see LiteralAssignments). The
   * statement has been converted by now, but the SqlNode still holds the literals as written.
   */
  private static void checkLiterals(SqlNode query, CascadeTable table) {
    if (query instanceof SqlInsert insert) {
      LiteralAssignments.check(insert, table.def());
    } else if (query instanceof SqlUpdate update) {
      LiteralAssignments.check(update, table.def());
    } else if (query instanceof SqlMerge merge) {
      if (merge.getInsertCall() != null) {
        LiteralAssignments.check(merge.getInsertCall(), table.def());
      }
      if (merge.getUpdateCall() != null) {
        LiteralAssignments.check(merge.getUpdateCall(), table.def());
      }
    }
  }

  /** {@code Modify(Project(Join(source, target)))} becomes {@code Modify(Project(Filter(target key IS NULL)))}. */
  private RelNode skipMatchedRows(TableModify modify, CascadeTable table) {
    if (!(modify.getInput() instanceof Project project) || !(project.getInput() instanceof Join join)) {
      return modify;
    }
    int targetKey = join.getLeft().getRowType().getFieldCount() + table.def().primaryKey()[0];
    RexBuilder rex = join.getCluster().getRexBuilder();
    RexNode unmatched = rex.makeCall(SqlStdOperatorTable.IS_NULL, rex.makeInputRef(join, targetKey));
    RelNode filtered = LogicalFilter.create(join, unmatched);
    RelNode newProject = project.copy(project.getTraitSet(), List.of(filtered));
    return CascadeLogicalTableModify.create(modify.getCluster(), modify.getTable(), modify.getCatalogReader(),
        newProject, modify.getOperation(), modify.getUpdateColumnList(), null, modify.isFlattened());
  }
}
