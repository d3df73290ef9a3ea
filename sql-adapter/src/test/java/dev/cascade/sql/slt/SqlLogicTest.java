package dev.cascade.sql.slt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.hydromatic.sqllogictest.OptionsParser;
import net.hydromatic.sqllogictest.SltTestFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqllogictest ({@code net.hydromatic:sql-logic-test} 0.3) through {@code jdbc:cascade:}: select1..select4 in every
 * build, select5 with {@code -Dcascade.stress=true} ({@code -Pstress}). Each file runs on a fresh store. The test
 * fails when a file passes fewer queries than {@link SltExpectations} records.
 *
 * <p>Properties: {@code slt.files} (comma-separated, replaces the default list), {@code slt.queryTimeoutSeconds}
 * (default 10), {@code slt.rewrite=true} (raise the bar to this run's counts), {@code slt.failuresShown}
 * (default 10 per file).
 */
class SqlLogicTest {
  private static final List<String> VERIFY_FILES = List.of("select1.test", "select2.test", "select3.test",
      "select4.test");
  private static final List<String> STRESS_FILES = List.of("select5.test");
  /** Held so the level set below is not lost when the logger is collected; the parser logs every operation. */
  private static final Logger PARSER_LOG = Logger.getLogger("SltTestFile");

  static {
    PARSER_LOG.setLevel(Level.WARNING);
  }

  @Test
  void select1To4KeepTheirPasses(@TempDir Path dir) throws Exception {
    runAndRatchet(files(VERIFY_FILES), dir);
  }

  @Test
  void select5UnderStress(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("cascade.stress"), "select5 runs with -Dcascade.stress=true");
    runAndRatchet(files(STRESS_FILES), dir);
  }

  private static List<String> files(List<String> defaults) {
    String chosen = System.getProperty("slt.files", "");
    return chosen.isBlank() ? defaults : Arrays.stream(chosen.split(",")).map(String::strip).toList();
  }

  private static void runAndRatchet(List<String> files, Path dir) throws IOException, SQLException {
    Duration timeout = Duration.ofSeconds(Long.getLong("slt.queryTimeoutSeconds", 10));
    int shown = Integer.getInteger("slt.failuresShown", 10);
    SltExpectations bar = SltExpectations.load();
    List<SltFileResult> results = new ArrayList<>();
    for (String file : files) {
      SltFileResult r = runFile(file, dir.resolve(file.replace(".test", "")), timeout);
      results.add(r);
      print(r, bar, shown);
    }
    List<String> regressions = new ArrayList<>();
    for (SltFileResult r : results) {
      regressions.addAll(bar.regressions(r));
      bar.record(r);
    }
    if (Boolean.getBoolean("slt.rewrite")) {
      bar.store(Path.of(System.getProperty("basedir", ".")));
      System.out.println("slt: wrote the new bar to " + SltExpectations.RESOURCE);
    }
    assertTrue(regressions.isEmpty(), () -> "sqllogictest passed fewer queries than the ratchet allows:\n  "
        + String.join("\n  ", regressions) + "\n(see the failures printed in the test output)");
  }

  private static SltFileResult runFile(String file, Path storeDir, Duration timeout) throws IOException, SQLException {
    OptionsParser parser = new OptionsParser(false, System.out, System.err);
    OptionsParser.SuppliedOptions options = parser.getOptions();
    SltTestFile test = new SltTestFile("test/" + file);
    test.parse(options);
    try (CascadeSltExecutor executor = new CascadeSltExecutor(options, storeDir, timeout)) {
      return executor.run(test, file);
    }
  }

  private static void print(SltFileResult r, SltExpectations bar, int shown) {
    PrintStream out = System.out;
    out.println("slt: " + r.summary() + " (ratchet: " + bar.passed(r.file()) + " passed)");
    if (r.passed() > bar.passed(r.file())) {
      out.println("slt: " + r.file() + " improved; raise the bar with -Dslt.rewrite=true");
    }
    r.topReasons(shown).forEach(reason -> out.println("  REASON " + reason));
    r.firstFailures().stream().limit(shown).forEach(f -> out.println("  FAIL " + f));
  }
}
