package dev.cascade.sql.plan;

import dev.cascade.engine.table.TableCodec;
import dev.cascade.sql.exec.ColumnComparisons;
import dev.cascade.sql.exec.RowPredicate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexExecutable;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Compiles a pushed-down predicate with Calcite's own expression compiler (the code Calcite would generate for the
 * same filter, so the semantics are Calcite's exactly), and says which predicates can be pushed: those built only
 * from input fields, literals, {@code ?} parameters and deterministic operators (no sub-queries, correlation
 * variables or window functions).
 *
 * <p>Stateless.
 */
final class FilterCompiler {
  private FilterCompiler() {
  }

  static boolean canPush(RexNode e) {
    return switch (e) {
      case RexInputRef r -> true;
      case RexLiteral l -> true;
      case RexDynamicParam p -> true;
      case RexOver o -> false;
      case RexSubQuery s -> false;
      case RexCall c -> c.getOperator().isDeterministic() && c.getOperands().stream().allMatch(FilterCompiler::canPush);
      default -> false;
    };
  }

  /**
   * Compiles {@code condition} over rows of {@code table}; the terms of its top-level AND that compare an integer
   * column outside the primary key with a literal or parameter are also split off as {@link ColumnComparisons}
   * for the shards to run on the encoded row, the other terms compiled as the residual.
   */
  static RowPredicate compile(RexBuilder rexBuilder, RexNode condition, RelDataType rowType, TableCodec table) {
    RowPredicate whole = compile(rexBuilder, condition, rowType);
    List<ColumnComparisons.Term> terms = new ArrayList<>();
    List<RexNode> rest = new ArrayList<>();
    for (RexNode term : RelOptUtil.conjunctions(condition)) {
      ColumnComparisons.Term t = comparison(term, table);
      if (t != null) {
        terms.add(t);
      } else {
        rest.add(term);
      }
    }
    if (terms.isEmpty()) {
      return whole;
    }
    RowPredicate residual = rest.isEmpty() ? null
        : compile(rexBuilder, RexUtil.composeConjunction(rexBuilder, rest), rowType);
    return whole.withComparisons(new ColumnComparisons(terms), residual);
  }

  private static RowPredicate compile(RexBuilder rexBuilder, RexNode condition, RelDataType rowType) {
    RexExecutable executable = RexExecutorImpl.getExecutable(rexBuilder, List.of(condition), rowType);
    return new RowPredicate(executable.getFunction(), condition.toString(),
        RelOptUtil.InputFinder.bits(condition).toArray(), parameters(condition));
  }

  /**
   * {@code term} as {@code column op constant} when it compares (=, <>, <, <=, >, >=) an integer column outside
   * the primary key, possibly widened by a CAST, with an integer literal or an integer {@code ?} parameter, in
   * either order; else null.
   */
  private static ColumnComparisons.Term comparison(RexNode term, TableCodec table) {
    ColumnComparisons.Op op = switch (term.getKind()) {
      case EQUALS -> ColumnComparisons.Op.EQ;
      case NOT_EQUALS -> ColumnComparisons.Op.NE;
      case LESS_THAN -> ColumnComparisons.Op.LT;
      case LESS_THAN_OR_EQUAL -> ColumnComparisons.Op.LE;
      case GREATER_THAN -> ColumnComparisons.Op.GT;
      case GREATER_THAN_OR_EQUAL -> ColumnComparisons.Op.GE;
      default -> null;
    };
    if (op == null || !(term instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    int column = integerColumn(left, table);
    if (column >= 0) {
      return constant(column, op, right);
    }
    column = integerColumn(right, table);
    return column >= 0 ? constant(column, op.flip(), left) : null;
  }

  /** The column {@code e} reads when it is an integer column outside the key, bare or widened; else -1. */
  private static int integerColumn(RexNode e, TableCodec table) {
    RexNode bare = e;
    if (e.getKind() == SqlKind.CAST && e instanceof RexCall cast) {
      bare = cast.getOperands().getFirst();
      if (!isInteger(e.getType()) || !isInteger(bare.getType())
          || rank(e.getType().getSqlTypeName()) < rank(bare.getType().getSqlTypeName())) {
        return -1;
      }
    }
    if (!(bare instanceof RexInputRef ref) || !isInteger(bare.getType())) {
      return -1;
    }
    return table.integerProbe(ref.getIndex()) != null ? ref.getIndex() : -1;
  }

  /** {@code column op c} when {@code c} is an integer literal (not NULL) or an integer parameter; else null. */
  private static ColumnComparisons.Term constant(int column, ColumnComparisons.Op op, RexNode c) {
    if (c instanceof RexDynamicParam p && isInteger(p.getType())) {
      return new ColumnComparisons.Term(column, op, null, p.getIndex(),
          1 << (rank(p.getType().getSqlTypeName()) - 1));
    }
    if (c instanceof RexLiteral l && !l.isNull() && SqlTypeName.EXACT_TYPES.contains(l.getType().getSqlTypeName())) {
      BigDecimal v = l.getValueAs(BigDecimal.class);
      try {
        return v == null ? null : new ColumnComparisons.Term(column, op, v.longValueExact(), -1, 0);
      } catch (ArithmeticException e) {
        return null;
      }
    }
    return null;
  }

  private static boolean isInteger(RelDataType type) {
    return rank(type.getSqlTypeName()) > 0;
  }

  /** Widths of the integer types in order (0: not an integer type). */
  private static int rank(SqlTypeName t) {
    return switch (t) {
      case TINYINT -> 1;
      case SMALLINT -> 2;
      case INTEGER -> 3;
      case BIGINT -> 4;
      default -> 0;
    };
  }

  /** The distinct indexes of the {@code ?} parameters in {@code e}. */
  private static int[] parameters(RexNode e) {
    BitSet found = new BitSet();
    e.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitDynamicParam(RexDynamicParam p) {
        found.set(p.getIndex());
        return null;
      }
    });
    return found.stream().toArray();
  }
}
