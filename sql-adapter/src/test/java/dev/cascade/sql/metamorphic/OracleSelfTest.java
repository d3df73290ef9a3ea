package dev.cascade.sql.metamorphic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.Test;

/**
 * The metamorphic machinery against Calcite alone (tables in memory, no Cascade code): every generated predicate must
 * be valid SQL that Calcite runs, and the TLP and NoREC relations must hold, so a problem {@link MetamorphicQueryTest}
 * reports is Cascade's, not the generator's. Seeded like it ({@code -Dseed=}).
 */
class OracleSelfTest {
  @Test
  void generatedPredicatesRunAndRelationsHoldOnCalcite() throws SQLException {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("OracleSelfTest seed=" + seed + " (repeat with -Dseed=" + seed + ")");
    Random random = new Random(seed);
    List<String> problems = new ArrayList<>();
    Properties info = new Properties();
    info.setProperty("lex", "JAVA");
    info.setProperty("caseSensitive", "false");
    try (Connection c = DriverManager.getConnection("jdbc:calcite:", info)) {
      CalciteConnection cc = c.unwrap(CalciteConnection.class);
      MetamorphicOracle oracle = new MetamorphicOracle(c, random, false);
      for (int i = 0; i < 3; i++) {
        TableSpec t = TableSpec.random("M" + i, random);
        List<Object[]> rows = new RowGenerator(t, random).rows(40);
        cc.getRootSchema().add(t.name(), new MemoryTable(t, rows));
        ResultRows all = oracle.rows("SELECT * FROM " + t.name(), new Predicate("TRUE", List.of()), PlanMode.PUSHED);
        if (!all.sameMultiset(ResultRows.of(rows))) {
          problems.add("SCAN " + t + ": " + all.multisetDiff(ResultRows.of(rows)));
        }
        PredicateGenerator gen = new PredicateGenerator(t, random);
        for (int k = 0; k < 25; k++) {
          oracle.check(t, all, gen.next()).forEach(p -> problems.add(p + "\n  table: " + t));
        }
      }
    }
    problems.stream().limit(10).forEach(p -> System.out.println("PROBLEM " + p));
    assertTrue(problems.isEmpty(), () -> problems.size() + " problems (seed=" + seed + "), first:\n"
        + problems.get(0));
  }
}
