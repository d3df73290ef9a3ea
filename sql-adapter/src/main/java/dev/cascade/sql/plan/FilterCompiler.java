package dev.cascade.sql.plan;

import dev.cascade.sql.exec.RowPredicate;
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
import org.apache.calcite.rex.RexVisitorImpl;

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

  static RowPredicate compile(RexBuilder rexBuilder, RexNode condition, RelDataType rowType) {
    RexExecutable executable = RexExecutorImpl.getExecutable(rexBuilder, List.of(condition), rowType);
    return new RowPredicate(executable.getFunction(), condition.toString(),
        RelOptUtil.InputFinder.bits(condition).toArray(), parameters(condition));
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
