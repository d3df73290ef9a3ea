package dev.cascade.sql.metamorphic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.sql.CascadeDriver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metamorphic query checks ({@link MetamorphicOracle}) over random tables made through {@code jdbc:cascade:} with
 * CREATE TABLE, CREATE INDEX and INSERT. Seeded: the seed is printed, {@code -Dseed=} repeats a run. The build runs a
 * short version bounded by {@code metamorphic.budgetSeconds} (default 45); {@code -Dcascade.stress=true} runs ten
 * times more tables, more rows and more predicates.
 */
class MetamorphicQueryTest {
  private static final int INSERT_ROWS_PER_STATEMENT = 50;
  private static final int PROBLEMS_SHOWN_MAX = 20;

  @Test
  void partitionsCountsAndPlansAgree(@TempDir Path dir) throws SQLException {
    long seed = Long.getLong("seed", System.nanoTime());
    boolean stress = Boolean.getBoolean("cascade.stress");
    int tables = stress ? 40 : 4;
    int rowsPerTable = stress ? 400 : 80;
    int predicatesPerTable = stress ? 150 : 40;
    long budgetNanos = Long.getLong("metamorphic.budgetSeconds", stress ? 1800 : 45) * 1_000_000_000L;
    System.out.println("MetamorphicQueryTest seed=" + seed + " (repeat with -Dseed=" + seed + ")");
    Random random = new Random(seed);
    Run run = new Run(System.nanoTime() + budgetNanos);
    try (Connection c = DriverManager.getConnection(CascadeDriver.PREFIX + dir.toAbsolutePath())) {
      MetamorphicOracle oracle = new MetamorphicOracle(c, random, true);
      for (int i = 0; i < tables && !run.overBudget(); i++) {
        TableSpec t = TableSpec.random("M" + i, random);
        List<Object[]> rows = new RowGenerator(t, random).rows(rowsPerTable);
        if (create(c, t, rows, run)) {
          checkTable(oracle, t, rows, new PredicateGenerator(t, random), predicatesPerTable, run);
        }
      }
    }
    System.out.printf("MetamorphicQueryTest seed=%d: %d tables, %d predicates checked, %d problems, %.1f s%n", seed,
        run.tables, run.predicates, run.problems.size(), (System.nanoTime() - run.startNanos) / 1e9);
    run.problems.stream().limit(PROBLEMS_SHOWN_MAX).forEach(p -> System.out.println("PROBLEM " + p));
    assertTrue(run.problems.isEmpty(), () -> run.problems.size() + " metamorphic problems (seed=" + seed
        + "), first:\n" + run.problems.get(0));
  }

  /** Creates and fills {@code t}; false (with the problem recorded) if that failed. */
  private static boolean create(Connection c, TableSpec t, List<Object[]> rows, Run run) {
    String sql = t.createTableSql();
    try (Statement s = c.createStatement()) {
      s.execute(sql);
      if (t.createIndexSql() != null) {
        sql = t.createIndexSql();
        s.execute(sql);
      }
      for (int from = 0; from < rows.size(); from += INSERT_ROWS_PER_STATEMENT) {
        sql = t.insertSql(rows.subList(from, Math.min(rows.size(), from + INSERT_ROWS_PER_STATEMENT)));
        s.executeUpdate(sql);
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      run.problems.add("SETUP failed for " + t + ": " + sql + "\n  " + MetamorphicOracle.describe(e));
      return false;
    }
  }

  private static void checkTable(MetamorphicOracle oracle, TableSpec t, List<Object[]> rows, PredicateGenerator gen,
      int predicates, Run run) {
    run.tables++;
    ResultRows all;
    try {
      all = oracle.rows("SELECT * FROM " + t.name(), new Predicate("TRUE", List.of()), PlanMode.PUSHED);
    } catch (MetamorphicOracle.QueryFailure e) {
      run.problems.add("SCAN of " + t + ": " + e.getMessage());
      return;
    }
    ResultRows model = ResultRows.of(rows);
    if (!all.sameMultiset(model)) {
      run.problems.add("SCAN: SELECT * FROM " + t.name() + " does not return the inserted rows; table " + t
          + "\n  scan vs inserted: " + all.multisetDiff(model));
      return;
    }
    for (int i = 0; i < predicates && !run.overBudget(); i++) {
      Predicate p = gen.next();
      run.predicates++;
      for (String problem : oracle.check(t, all, p)) {
        run.problems.add(problem + "\n  table: " + t);
      }
    }
  }

  /** Progress of one test run. Owned by the test thread. */
  private static final class Run {
    final long startNanos = System.nanoTime();
    final long deadlineNanos;
    final List<String> problems = new ArrayList<>();
    int tables;
    int predicates;

    Run(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    boolean overBudget() {
      return System.nanoTime() - deadlineNanos > 0;
    }
  }
}
