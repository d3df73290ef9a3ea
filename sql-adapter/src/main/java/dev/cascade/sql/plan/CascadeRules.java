package dev.cascade.sql.plan;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.exec.AggregateSpec;
import dev.cascade.sql.exec.KeyPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
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
    planner.addRule(FILTER);
    planner.addRule(PROJECT);
    planner.addRule(SORT);
    planner.addRule(AGGREGATE);
    planner.addRule(AGGREGATE_PROJECT);
  }

  /** Converts any Cascade rel to the enumerable convention. */
  public static final RelOptRule TO_ENUMERABLE = ConverterRule.Config.INSTANCE
      .withConversion(RelNode.class, CascadeRel.CONVENTION, EnumerableConvention.INSTANCE,
          "CascadeToEnumerableConverterRule")
      .withRuleFactory(ToEnumerable::new)
      .toRule(ToEnumerable.class);

  public static final RelOptRule FILTER = new FilterRule();
  public static final RelOptRule PROJECT = new ProjectRule();
  public static final RelOptRule SORT = new SortRule();
  public static final RelOptRule AGGREGATE = new AggregateRule(false);
  public static final RelOptRule AGGREGATE_PROJECT = new AggregateRule(true);

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

  /** A filter directly on a scan becomes key ranges, a shard filter and what Calcite must still evaluate. */
  static final class FilterRule extends RelOptRule {
    FilterRule() {
      super(operand(LogicalFilter.class, operand(CascadeTableScan.class, none())), "CascadeFilterRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      CascadeTableScan scan = call.rel(1);
      TableDef def = scan.cascadeTable().def();
      KeyRangeAnalyzer.Split split = KeyRangeAnalyzer.split(filter.getCondition(), def.columns(), def.primaryKey());
      if (split.keys() == null && split.residual().isEmpty()) {
        return;
      }
      RexBuilder rb = filter.getCluster().getRexBuilder();
      RexNode residual = split.residual().isEmpty() ? null : RexUtil.composeConjunction(rb, split.residual());
      List<RexNode> pushed = new ArrayList<>(split.consumed());
      pushed.addAll(split.residual());
      CascadeFilter cascadeFilter = new CascadeFilter(scan.getCluster(), scan.getTraitSet(), scan,
          RexUtil.composeConjunction(rb, pushed), split.keys(), residual, singleShard(split.keys(), def),
          scan.tableColumns(), scan.cascadeTable());
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
  static final class ProjectRule extends RelOptRule {
    ProjectRule() {
      super(operand(LogicalProject.class, operand(CascadeRel.class, CascadeRel.CONVENTION, any())),
          "CascadeProjectRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      CascadeRel input = call.rel(1);
      if (input.aggregated()) {
        return;
      }
      int fieldCount = input.getRowType().getFieldCount();
      boolean refsOnly = project.getProjects().stream().allMatch(p -> p instanceof RexInputRef);
      if (refsOnly) {
        if (!project.isMapping() || (project.getProjects().size() == fieldCount && RexUtil.isIdentity(
            project.getProjects(), input.getRowType()))) {
          return;
        }
        call.transformTo(CascadeProject.create(input, project.getProjects(), project.getRowType()));
        return;
      }
      ImmutableBitSet used = org.apache.calcite.plan.RelOptUtil.InputFinder.bits(project.getProjects(), null);
      if (used.cardinality() == fieldCount) {
        return;
      }
      List<Integer> fields = used.isEmpty() ? List.of(0) : used.asList();
      List<RexNode> refs = new ArrayList<>();
      List<RelDataTypeField> inFields = input.getRowType().getFieldList();
      var builder = project.getCluster().getTypeFactory().builder();
      for (int f : fields) {
        refs.add(new RexInputRef(f, inFields.get(f).getType()));
        builder.add(inFields.get(f));
      }
      CascadeProject narrow = CascadeProject.create(input, refs, builder.build());
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
  static final class SortRule extends RelOptRule {
    SortRule() {
      super(operand(LogicalSort.class, operand(CascadeRel.class, CascadeRel.CONVENTION, any())),
          "CascadeSortRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Sort sort = call.rel(0);
      CascadeRel input = call.rel(1);
      if (input.ordered() || input.aggregated() || !countOperand(sort.offset) || !countOperand(sort.fetch)
          || !keyOrder(sort.getCollation(), input)) {
        return;
      }
      RelCollation collation = sort.getCollation();
      call.transformTo(new CascadeSort(input.getCluster(),
          input.getTraitSet().replaceIf(RelCollationTraitDef.INSTANCE, () -> collation), input, collation,
          sort.offset, sort.fetch, input.tableColumns(), input.cascadeTable()));
    }

    private static boolean countOperand(RexNode e) {
      return e == null || e instanceof RexLiteral || e instanceof RexDynamicParam;
    }

    /** Whether the collation is a prefix of the primary key, all ascending or all descending. */
    private static boolean keyOrder(RelCollation collation, CascadeRel input) {
      List<RelFieldCollation> fields = collation.getFieldCollations();
      if (fields.isEmpty()) {
        return true;
      }
      int[] pk = input.cascadeTable().def().primaryKey();
      int[] columns = input.tableColumns();
      boolean descending = fields.getFirst().getDirection() == RelFieldCollation.Direction.DESCENDING;
      if (fields.size() > pk.length) {
        return false;
      }
      for (int i = 0; i < fields.size(); i++) {
        RelFieldCollation f = fields.get(i);
        RelFieldCollation.Direction want = descending ? RelFieldCollation.Direction.DESCENDING
            : RelFieldCollation.Direction.ASCENDING;
        if (f.getDirection() != want || columns[f.getFieldIndex()] != pk[i]) {
          return false;
        }
      }
      return true;
    }
  }

  /** COUNT(*) and COUNT(column) without GROUP BY are counted in the shards. */
  static final class AggregateRule extends RelOptRule {
    private final boolean throughProject;

    AggregateRule(boolean throughProject) {
      super(throughProject
          ? operand(LogicalAggregate.class, operand(LogicalProject.class,
              operand(CascadeRel.class, CascadeRel.CONVENTION, any())))
          : operand(LogicalAggregate.class, operand(CascadeRel.class, CascadeRel.CONVENTION, any())),
          throughProject ? "CascadeAggregateProjectRule" : "CascadeAggregateRule");
      this.throughProject = throughProject;
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Aggregate agg = call.rel(0);
      LogicalProject project = throughProject ? call.rel(1) : null;
      CascadeRel input = call.rel(throughProject ? 2 : 1);
      if (input.ordered() || input.aggregated() || agg.getGroupCount() != 0
          || agg.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      int[] columns = input.tableColumns();
      List<String> names = input.getRowType().getFieldNames();
      int[] counted = new int[agg.getAggCallList().size()];
      List<String> text = new ArrayList<>();
      for (int i = 0; i < counted.length; i++) {
        AggregateCall c = agg.getAggCallList().get(i);
        if (c.getAggregation().getKind() != SqlKind.COUNT || c.isDistinct() || c.hasFilter()
            || c.getArgList().size() > 1) {
          return;
        }
        if (c.getArgList().isEmpty()) {
          counted[i] = -1;
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
        counted[i] = columns[field];
        text.add("COUNT(" + names.get(field) + ")");
      }
      call.transformTo(new CascadeAggregate(agg.getCluster(), input.getCluster().traitSetOf(CascadeRel.CONVENTION),
          input, agg.getRowType(), new AggregateSpec(counted, text.toString()), input.cascadeTable()));
    }
  }
}
