package dev.cascade.sql.plan;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.exec.AggregateSpec;
import dev.cascade.sql.exec.KeyPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptRuleOperand;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The rules that push work into Cascade scans, and the converter out of Cascade's convention. Registered by
 * {@link CascadeTableScan#register} on the planner of every statement that reads a Cascade table; while
 * {@link Pushdown} is disabled on the planning thread only the converter is registered.
 *
 * <p>Stateless (rules are immutable).
 */
public final class CascadeRules {
  private CascadeRules() {
  }

  static void register(RelOptPlanner planner) {
    planner.addRule(TO_ENUMERABLE);
    if (!Pushdown.enabled()) {
      return;
    }
    for (boolean viaConverter : new boolean[] {false, true}) {
      planner.addRule(new FilterRule(viaConverter));
      planner.addRule(new ProjectRule(viaConverter));
      planner.addRule(new SortRule(viaConverter));
      planner.addRule(new AggregateRule(viaConverter, false));
      planner.addRule(new AggregateRule(viaConverter, true));
    }
    planner.addRule(new LimitRule());
  }

  /** Converts any Cascade rel to the enumerable convention. */
  public static final RelOptRule TO_ENUMERABLE = ConverterRule.Config.INSTANCE
      .withConversion(RelNode.class, CascadeRel.CONVENTION, EnumerableConvention.INSTANCE,
          "CascadeToEnumerableConverterRule")
      .withRuleFactory(ToEnumerable::new)
      .toRule(ToEnumerable.class);

  /** The converter rule's implementation. */
  static final class ToEnumerable extends ConverterRule {
    ToEnumerable(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      return new CascadeToEnumerableConverter(rel.getCluster(),
          rel.getTraitSet().replace(EnumerableConvention.INSTANCE), rel);
    }
  }

  /**
   * A rule that pushes a relational operator into the Cascade rel below it. Each comes in two variants: the
   * operator directly on a Cascade rel (a logical operator whose input is still the scan itself), and the operator on
   * a {@link CascadeToEnumerableConverter} over a Cascade rel (Volcano matches a child operand only among rels of the
   * parent's input convention, so once an input was pushed into Cascade the enumerable form of the operator is the
   * one that sees it). Either way the pushed rel goes into the operator's equivalence set as it is, in Cascade's
   * convention, and the converter rule gives the set its enumerable form (registering a converter over it instead
   * would make Volcano merge sets while registering, which trips its assertions).
   */
  abstract static class PushRule extends RelOptRule {
    final boolean viaConverter;

    PushRule(Class<? extends RelNode> top, boolean viaConverter, String name, RelOptRuleOperand... below) {
      super(operandJ(top, null, r -> !(r instanceof CascadeRel), chain(viaConverter, below)),
          name + (viaConverter ? "ViaConverter" : ""));
      this.viaConverter = viaConverter;
    }

    private static RelOptRuleOperand chain(boolean viaConverter, RelOptRuleOperand[] below) {
      RelOptRuleOperand cascade = operand(CascadeRel.class, CascadeRel.CONVENTION, any());
      RelOptRuleOperand bottom = below.length == 0 ? cascade : below[0];
      return viaConverter ? operand(CascadeToEnumerableConverter.class, bottom) : bottom;
    }

    /** The matched Cascade rel ({@code depth} operands below the top, not counting the converter). */
    CascadeRel cascade(RelOptRuleCall call, int depth) {
      return call.rel(depth + (viaConverter ? 1 : 0));
    }
  }

  /** A filter directly on a scan becomes key ranges, a shard filter and what Calcite must still evaluate. */
  static final class FilterRule extends PushRule {
    FilterRule(boolean viaConverter) {
      super(Filter.class, viaConverter, "CascadeFilterRule", operand(CascadeTableScan.class, none()));
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Filter filter = call.rel(0);
      CascadeTableScan scan = (CascadeTableScan) cascade(call, 1);
      TableDef def = scan.cascadeTable().def();
      AccessPath path = AccessPath.choose(filter.getCondition(), def);
      KeyRangeAnalyzer.Split split = path.split();
      if (split.keys() == null && split.residual().isEmpty()) {
        return;
      }
      RexBuilder rb = filter.getCluster().getRexBuilder();
      List<RexNode> pushed = new ArrayList<>(split.consumed());
      pushed.addAll(split.residual());
      // An index's conjuncts are checked again on the fetched rows (its ranges may cover NULL entries).
      List<RexNode> evaluated = path.index() == null ? split.residual() : pushed;
      RexNode residual = evaluated.isEmpty() ? null : RexUtil.composeConjunction(rb, evaluated);
      CascadeFilter cascadeFilter = new CascadeFilter(scan.getCluster(), scan.getTraitSet(), scan,
          RexUtil.composeConjunction(rb, pushed), path.index(), split.keys(), residual,
          path.index() == null && singleShard(split.keys(), def), scan.tableColumns(), scan.cascadeTable());
      call.transformTo(split.remaining().isEmpty() ? cascadeFilter
          : LogicalFilter.create(cascadeFilter, RexUtil.composeConjunction(rb, split.remaining())));
    }

    private static boolean singleShard(KeyPlan keys, TableDef def) {
      if (keys == null || keys.columns().size() < def.partitionColumns()) {
        return false;
      }
      for (int i = 0; i < def.partitionColumns(); i++) {
        if (!keys.columns().get(i).points()) {
          return false;
        }
      }
      return true;
    }
  }

  /** A projection keeps only the used columns in the scan; expressions stay in a Calcite Project above it. */
  static final class ProjectRule extends PushRule {
    ProjectRule(boolean viaConverter) {
      super(Project.class, viaConverter, "CascadeProjectRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Project project = call.rel(0);
      CascadeRel input = cascade(call, 1);
      if (input.aggregated() || project.containsOver()) {
        return;
      }
      int fieldCount = input.getRowType().getFieldCount();
      if (project.getProjects().stream().allMatch(p -> p instanceof RexInputRef)) {
        if (RexUtil.isIdentity(project.getProjects(), input.getRowType())) {
          return;
        }
        call.transformTo(CascadeProject.create(input, project.getProjects(), project.getRowType()));
        return;
      }
      ImmutableBitSet used = RelOptUtil.InputFinder.bits(project.getProjects(), null);
      if (used.cardinality() == fieldCount) {
        return;
      }
      List<Integer> fields = used.isEmpty() ? List.of(0) : used.asList();
      List<RexNode> refs = new ArrayList<>();
      List<RelDataTypeField> inFields = input.getRowType().getFieldList();
      RelDataTypeFactory.Builder builder = project.getCluster().getTypeFactory().builder();
      for (int f : fields) {
        refs.add(new RexInputRef(f, inFields.get(f).getType()));
        builder.add(inFields.get(f));
      }
      RelNode narrow = CascadeProject.create(input, refs, builder.build());
      List<RexNode> remapped = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(fields.indexOf(ref.getIndex()), ref.getType());
        }
      }.apply(project.getProjects());
      call.transformTo(LogicalProject.create(narrow, project.getHints(), remapped, project.getRowType(),
          project.getVariablesSet()));
    }
  }

  /** ORDER BY a primary-key prefix (one direction) and OFFSET/FETCH go into the scan. */
  static final class SortRule extends PushRule {
    SortRule(boolean viaConverter) {
      super(Sort.class, viaConverter, "CascadeSortRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Sort sort = call.rel(0);
      CascadeRel input = cascade(call, 1);
      if (input.ordered() || input.aggregated() || !countOperand(sort.offset) || !countOperand(sort.fetch)
          || !keyOrder(sort.getCollation(), input)) {
        return;
      }
      call.transformTo(CascadeSort.create(input, sort.getCollation(), sort.offset, sort.fetch));
    }

    /** Whether the collation is a prefix of the primary key, all ascending or all descending. */
    private static boolean keyOrder(RelCollation collation, CascadeRel input) {
      List<RelFieldCollation> fields = collation.getFieldCollations();
      if (fields.isEmpty()) {
        return true;
      }
      if (!input.primaryKeyOrder()) {
        return false;
      }
      int[] pk = input.cascadeTable().def().primaryKey();
      int[] columns = input.tableColumns();
      if (fields.size() > pk.length) {
        return false;
      }
      for (int i = 0; i < fields.size(); i++) {
        RelFieldCollation f = fields.get(i);
        RelFieldCollation.Direction want = fields.getFirst().getDirection();
        if (f.getDirection() != want || (want != RelFieldCollation.Direction.ASCENDING
            && want != RelFieldCollation.Direction.DESCENDING) || columns[f.getFieldIndex()] != pk[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** OFFSET/FETCH on its own (Calcite's enumerable limit) goes into the scan, after a pushed key order. */
  static final class LimitRule extends RelOptRule {
    LimitRule() {
      super(operand(EnumerableLimit.class, operand(CascadeToEnumerableConverter.class,
          operand(CascadeRel.class, CascadeRel.CONVENTION, any()))), "CascadeLimitRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      EnumerableLimit limit = call.rel(0);
      CascadeRel input = call.rel(2);
      if (!countOperand(limit.offset) || !countOperand(limit.fetch) || input.aggregated()) {
        return;
      }
      CascadeSort pushed;
      if (input instanceof CascadeSort s && s.offset == null && s.fetch == null) {
        pushed = s.withLimit(limit.offset, limit.fetch);
      } else if (!input.ordered()) {
        pushed = CascadeSort.create(input, RelCollations.EMPTY, limit.offset, limit.fetch);
      } else {
        return;
      }
      call.transformTo(pushed);
    }
  }

  private static boolean countOperand(RexNode e) {
    return e == null || e instanceof RexLiteral || e instanceof RexDynamicParam;
  }

  /** COUNT, and SUM/MIN/MAX over exact numeric columns, without GROUP BY are computed in the shards. */
  static final class AggregateRule extends RelOptRule {
    private final boolean viaConverter;
    private final boolean throughProject;

    AggregateRule(boolean viaConverter, boolean throughProject) {
      super(operandJ(Aggregate.class, null, a -> true, throughProject
          ? operandJ(Project.class, null, p -> !(p instanceof CascadeRel), below(viaConverter))
          : below(viaConverter)),
          "CascadeAggregateRule" + (throughProject ? "ThroughProject" : "") + (viaConverter ? "ViaConverter" : ""));
      this.viaConverter = viaConverter;
      this.throughProject = throughProject;
    }

    /** What a call computes in the shards, or null when it cannot be pushed. */
    private static AggregateSpec.Kind kind(AggregateCall c) {
      if (c.isDistinct() || c.hasFilter() || c.getArgList().size() > 1) {
        return null;
      }
      if (c.getArgList().isEmpty()) {
        return c.getAggregation().getKind() == SqlKind.COUNT ? AggregateSpec.Kind.COUNT_STAR : null;
      }
      return switch (c.getAggregation().getKind()) {
        case COUNT -> AggregateSpec.Kind.COUNT;
        case SUM -> AggregateSpec.Kind.SUM;
        case SUM0 -> AggregateSpec.Kind.SUM0;
        case MIN -> AggregateSpec.Kind.MIN;
        case MAX -> AggregateSpec.Kind.MAX;
        default -> null;
      };
    }

    /** The value class of an exact numeric type (the only ones SUM, MIN and MAX fold in the shards), or null. */
    private static Class<?> exactClass(org.apache.calcite.sql.type.SqlTypeName t) {
      return switch (t) {
        case TINYINT -> Byte.class;
        case SMALLINT -> Short.class;
        case INTEGER -> Integer.class;
        case BIGINT -> Long.class;
        case DECIMAL -> java.math.BigDecimal.class;
        default -> null;
      };
    }

    private static RelOptRuleOperand below(boolean viaConverter) {
      RelOptRuleOperand cascade = operand(CascadeRel.class, CascadeRel.CONVENTION, any());
      return viaConverter ? operand(CascadeToEnumerableConverter.class, cascade) : cascade;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Aggregate agg = call.rel(0);
      Project project = throughProject ? call.rel(1) : null;
      CascadeRel input = call.rel((throughProject ? 2 : 1) + (viaConverter ? 1 : 0));
      if (input.ordered() || input.aggregated() || agg.getGroupCount() != 0 || agg.getAggCallList().isEmpty()
          || agg.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      int[] columns = input.tableColumns();
      List<String> names = input.getRowType().getFieldNames();
      List<AggregateSpec.Call> calls = new ArrayList<>();
      List<String> text = new ArrayList<>();
      for (AggregateCall c : agg.getAggCallList()) {
        AggregateSpec.Kind kind = kind(c);
        if (kind == null) {
          return;
        }
        if (kind == AggregateSpec.Kind.COUNT_STAR) {
          calls.add(new AggregateSpec.Call(kind, -1, Long.class));
          text.add("COUNT(*)");
          continue;
        }
        int field = c.getArgList().getFirst();
        if (project != null) {
          if (!(project.getProjects().get(field) instanceof RexInputRef ref)) {
            return;
          }
          field = ref.getIndex();
        }
        Class<?> result = exactClass(c.getType().getSqlTypeName());
        if (kind != AggregateSpec.Kind.COUNT && (result == null
            || exactClass(input.getRowType().getFieldList().get(field).getType().getSqlTypeName()) == null)) {
          return;
        }
        calls.add(new AggregateSpec.Call(kind, columns[field], kind == AggregateSpec.Kind.COUNT ? Long.class : result));
        text.add(c.getAggregation().getName() + "(" + names.get(field) + ")");
      }
      RelNode pushed = new CascadeAggregate(agg.getCluster(), input.getCluster().traitSetOf(CascadeRel.CONVENTION),
          input, agg.getRowType(), new AggregateSpec(calls, String.join(", ", text)), input.cascadeTable());
      call.transformTo(pushed);
    }
  }
}
