package dev.cascade.sql.dml;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * SQL store assignment for the values an INSERT or UPDATE computes. Calcite converts a value into its column with a
 * CAST, which cuts a string or byte string that is too long (CAST semantics); store assignment must refuse it
 * (22001). So the narrowing casts of written character and binary values are removed from the modify rel's input,
 * and {@link ColumnValues} checks the uncut value against the column's length (and pads CHAR) at run time.
 *
 * <p>Stateless.
 */
final class StoreAssignment {
  private StoreAssignment() {
  }

  /** The modify rel with the narrowing string casts of its written values removed, or itself. */
  static RelNode uncastWrites(TableModify modify) {
    if (!(modify.getInput() instanceof Project project)) {
      return modify;
    }
    int columns = modify.getTable().getRowType().getFieldCount();
    int first = switch (modify.getOperation()) {
      case INSERT -> 0;
      case UPDATE -> columns;
      default -> -1;
    };
    if (first < 0) {
      return modify;
    }
    List<RexNode> projects = new ArrayList<>(project.getProjects());
    boolean changed = false;
    for (int i = first; i < projects.size(); i++) {
      RexNode uncast = uncast(project.getCluster().getRexBuilder(), projects.get(i));
      if (uncast != projects.get(i)) {
        projects.set(i, uncast);
        changed = true;
      }
    }
    if (!changed) {
      return modify;
    }
    RelNode input = project.copy(project.getTraitSet(), project.getInput(), projects,
        project.getCluster().getTypeFactory().createStructType(
            projects.stream().map(RexNode::getType).toList(), project.getRowType().getFieldNames()));
    return withInput(modify, input);
  }

  private static RelNode withInput(TableModify modify, RelNode input) {
    if (modify.getOperation() == TableModify.Operation.INSERT) {
      return modify.copy(modify.getTraitSet(), List.of(input));
    }
    RexBuilder rex = modify.getCluster().getRexBuilder();
    int columns = modify.getTable().getRowType().getFieldCount();
    List<RexNode> sources = new ArrayList<>();
    for (int i = 0; i < modify.getSourceExpressionList().size(); i++) {
      sources.add(rex.makeInputRef(input, columns + i));
    }
    return LogicalTableModify.create(modify.getTable(), modify.getCatalogReader(), input, modify.getOperation(),
        modify.getUpdateColumnList(), sources, modify.isFlattened());
  }

  /**
   * The operand of a CAST from a string to a string (or bytes to bytes) that is not a literal; a string or bytes
   * parameter typed with its column's length retyped without it (Calcite's generated code would cut the value to
   * that length); else the node.
   */
  private static RexNode uncast(RexBuilder rex, RexNode node) {
    if (node instanceof RexDynamicParam param && param.getType().getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
        && (SqlTypeFamily.CHARACTER.contains(param.getType()) || SqlTypeFamily.BINARY.contains(param.getType()))) {
      RelDataTypeFactory types = rex.getTypeFactory();
      SqlTypeName unbounded = SqlTypeFamily.CHARACTER.contains(param.getType())
          ? SqlTypeName.VARCHAR : SqlTypeName.VARBINARY;
      return rex.makeDynamicParam(types.createTypeWithNullability(types.createSqlType(unbounded), true),
          param.getIndex());
    }
    if (node.getKind() != SqlKind.CAST || !(node instanceof RexCall call)) {
      return node;
    }
    RexNode operand = call.getOperands().get(0);
    if (operand instanceof RexLiteral) {
      return node;
    }
    RelDataType to = call.getType();
    RelDataType from = operand.getType();
    boolean strings = SqlTypeFamily.CHARACTER.contains(to) && SqlTypeFamily.CHARACTER.contains(from);
    boolean bytes = SqlTypeFamily.BINARY.contains(to) && SqlTypeFamily.BINARY.contains(from);
    return strings || bytes ? operand : node;
  }
}
