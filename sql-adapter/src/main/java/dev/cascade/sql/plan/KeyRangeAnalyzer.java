package dev.cascade.sql.plan;

import com.google.common.collect.Range;
import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.sql.SqlTypes;
import dev.cascade.sql.exec.KeyCondition;
import dev.cascade.sql.exec.KeyPlan;
import dev.cascade.sql.exec.Operand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.Sarg;

/**
 * Splits a filter's condition into key conditions on leading key columns (=, <, <=, >, >=, BETWEEN and IN as
 * search arguments, OR and AND of those on one column; literals and {@code ?} parameters), the rest that the shards
 * can evaluate, and the rest that must stay in Calcite. Key columns are taken in key order: equality (points) on
 * each, then one range; conditions on later key columns stay in the residual filter.
 *
 * <p>Stateless.
 */
final class KeyRangeAnalyzer {
  private KeyRangeAnalyzer() {
  }

  /**
   * The split of a condition.
   *
   * @param keys the key plan, or null when no key column is constrained
   * @param consumed conjuncts the key plan enforces exactly
   * @param residual conjuncts pushed into the shards' filter
   * @param remaining conjuncts Calcite evaluates above the scan
   */
  record Split(KeyPlan keys, List<RexNode> consumed, List<RexNode> residual, List<RexNode> remaining) {
  }

  /** A conjunct's condition on one key column. */
  private record Constraint(int keyPosition, KeyCondition condition) {
  }

  /**
   * Splits {@code condition} over a row whose field {@code i} is the column {@code keyColumns} names (key positions:
   * {@code keyColumns[k]} is the field of key column k).
   */
  static Split split(RexNode condition, List<ColumnDef> fields, int[] keyColumns) {
    return split(condition, fields, keyColumns, false);
  }

  /**
   * The same over an index's columns, which may be nullable ({@code nullableKeys}): the caller then evaluates the
   * consumed conjuncts again on each row, since an unbounded range also covers the NULL entries.
   */
  static Split split(RexNode condition, List<ColumnDef> fields, int[] keyColumns, boolean nullableKeys) {
    Map<Integer, List<RexNode>> byKey = new LinkedHashMap<>();
    Map<RexNode, KeyCondition> conditions = new LinkedHashMap<>();
    List<RexNode> residual = new ArrayList<>();
    List<RexNode> remaining = new ArrayList<>();
    boolean empty = false;
    for (RexNode c : RelOptUtil.conjunctions(condition)) {
      if (c.isAlwaysFalse() || c instanceof RexLiteral l && l.isNull()) {
        empty = true;
        continue;
      }
      Constraint k = constraint(c, fields, keyColumns, nullableKeys);
      if (k != null) {
        byKey.computeIfAbsent(k.keyPosition(), x -> new ArrayList<>()).add(c);
        conditions.put(c, k.condition());
      } else if (FilterCompiler.canPush(c)) {
        residual.add(c);
      } else {
        remaining.add(c);
      }
    }
    List<String> names = new ArrayList<>();
    for (int kc : keyColumns) {
      names.add(fields.get(kc).name());
    }
    if (empty) {
      KeyPlan none = new KeyPlan(List.of(new KeyCondition.AnyOf(List.of())), names.subList(0, 1), false);
      return new Split(none, List.of(condition), List.of(), List.of());
    }
    List<KeyCondition> columns = new ArrayList<>();
    List<RexNode> consumed = new ArrayList<>();
    for (int p = 0; p < keyColumns.length && byKey.containsKey(p); p++) {
      List<KeyCondition> parts = byKey.get(p).stream().map(conditions::get).toList();
      KeyCondition kc = parts.size() == 1 ? parts.getFirst() : new KeyCondition.AllOf(parts);
      columns.add(kc);
      consumed.addAll(byKey.get(p));
      if (!kc.points()) {
        break;
      }
    }
    for (List<RexNode> cs : byKey.values()) {
      cs.stream().filter(c -> !consumed.contains(c)).forEach(residual::add);
    }
    if (columns.isEmpty()) {
      return new Split(null, List.of(), residual, remaining);
    }
    boolean point = columns.size() == keyColumns.length && columns.getLast().points();
    return new Split(new KeyPlan(columns, names.subList(0, columns.size()), point), consumed, residual, remaining);
  }

  private static Constraint constraint(RexNode e, List<ColumnDef> fields, int[] keyColumns, boolean nullable) {
    if (!(e instanceof RexCall call)) {
      return null;
    }
    return switch (call.getKind()) {
      case EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL ->
          comparison(call, fields, keyColumns, nullable);
      case SEARCH -> search(call, fields, keyColumns, nullable);
      case OR, AND -> combination(call, fields, keyColumns, nullable);
      default -> null;
    };
  }

  private static Constraint comparison(RexCall call, List<ColumnDef> fields, int[] keyColumns, boolean nullable) {
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (!(a instanceof RexInputRef) && b instanceof RexInputRef) {
      RexNode t = a;
      a = b;
      b = t;
      kind = kind.reverse();
    }
    if (!(a instanceof RexInputRef ref)) {
      return null;
    }
    int p = keyPosition(ref, fields, keyColumns, nullable);
    if (p < 0) {
      return null;
    }
    Operand v = operand(b, fields.get(ref.getIndex()).type());
    if (v == null) {
      return null;
    }
    KeyCondition c = switch (kind) {
      case EQUALS -> new KeyCondition.Point(v);
      case LESS_THAN -> new KeyCondition.Interval(null, false, v, false);
      case LESS_THAN_OR_EQUAL -> new KeyCondition.Interval(null, false, v, true);
      case GREATER_THAN -> new KeyCondition.Interval(v, false, null, false);
      default -> new KeyCondition.Interval(v, true, null, false);
    };
    return new Constraint(p, c);
  }

  private static Constraint search(RexCall call, List<ColumnDef> fields, int[] keyColumns, boolean nullable) {
    if (!(call.getOperands().get(0) instanceof RexInputRef ref)
        || !(call.getOperands().get(1) instanceof RexLiteral lit)) {
      return null;
    }
    int p = keyPosition(ref, fields, keyColumns, nullable);
    Sarg<?> sarg = lit.getValueAs(Sarg.class);
    if (p < 0 || sarg == null || sarg.nullAs == org.apache.calcite.rex.RexUnknownAs.TRUE) {
      return null;
    }
    ColumnType type = fields.get(ref.getIndex()).type();
    List<KeyCondition> parts = new ArrayList<>();
    for (Range<?> r : sarg.rangeSet.asRanges()) {
      KeyCondition c = interval(r, type);
      if (c == null) {
        return null;
      }
      parts.add(c);
    }
    return new Constraint(p, parts.size() == 1 ? parts.getFirst() : new KeyCondition.AnyOf(parts));
  }

  private static KeyCondition interval(Range<?> r, ColumnType type) {
    Operand lo = null;
    Operand hi = null;
    if (r.hasLowerBound()) {
      lo = constant((Comparable<?>) r.lowerEndpoint(), type);
      if (lo == null) {
        return null;
      }
    }
    if (r.hasUpperBound()) {
      hi = constant((Comparable<?>) r.upperEndpoint(), type);
      if (hi == null) {
        return null;
      }
    }
    boolean loIn = r.hasLowerBound() && r.lowerBoundType() == com.google.common.collect.BoundType.CLOSED;
    boolean hiIn = r.hasUpperBound() && r.upperBoundType() == com.google.common.collect.BoundType.CLOSED;
    if (lo != null && hi != null && loIn && hiIn && r.lowerEndpoint().equals(r.upperEndpoint())) {
      return new KeyCondition.Point(lo);
    }
    return new KeyCondition.Interval(lo, loIn, hi, hiIn);
  }

  private static Constraint combination(RexCall call, List<ColumnDef> fields, int[] keyColumns,
      boolean nullable) {
    int p = -1;
    List<KeyCondition> parts = new ArrayList<>();
    for (RexNode o : call.getOperands()) {
      Constraint c = constraint(o, fields, keyColumns, nullable);
      if (c == null || (p >= 0 && c.keyPosition() != p)) {
        return null;
      }
      p = c.keyPosition();
      parts.add(c.condition());
    }
    return new Constraint(p, call.getKind() == SqlKind.OR ? new KeyCondition.AnyOf(parts)
        : new KeyCondition.AllOf(parts));
  }

  private static int keyPosition(RexInputRef ref, List<ColumnDef> fields, int[] keyColumns, boolean nullable) {
    for (int k = 0; k < keyColumns.length; k++) {
      if (keyColumns[k] == ref.getIndex()) {
        ColumnDef c = fields.get(ref.getIndex());
        return (nullable || !c.nullable()) && KeyValues.rangeable(c.type()) ? k : -1;
      }
    }
    return -1;
  }

  private static Operand operand(RexNode e, ColumnType type) {
    if (e instanceof RexLiteral l) {
      Object v = KeyValues.of(l, type);
      return v == KeyValues.NOT_EXACT ? null : Operand.literal(v);
    }
    if (e instanceof RexDynamicParam p && compatible(SqlTypes.columnType(p.getType().getSqlTypeName()), type)) {
      return Operand.param(p.getIndex());
    }
    return null;
  }

  private static Operand constant(Comparable<?> c, ColumnType type) {
    Object v = KeyValues.of(c, type);
    return v == KeyValues.NOT_EXACT ? null : Operand.literal(v);
  }

  private static boolean compatible(ColumnType param, ColumnType column) {
    return param == column;
  }

}
