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
 * <p>A file is named {@code select3.test} (every query) or {@code select3.test/4} (every statement, every fourth
 * query), for quick checks with {@code -Dslt.files}.
 *
 * <p>Properties: {@code slt.files} (comma-separated, replaces the default list), {@code slt.queryTimeoutSeconds}
 * (default 30; it guards against hangs, the first statements of a JVM also pay for class loading), {@code
 * slt.rewrite=true} (raise the bar to this run's counts), {@code slt.failuresShown} (default 10 per file).
 */
class SqlLogicTest {
  /**
   * Every query of select1..select4 (8,152 queries): about 4.5 minutes on a quiet 2-core machine (measured 291 s,
   * 410 s of process CPU; planning and Janino code generation dominate). {@code -Dslt.files=select4.test/8,...}
   * runs a sample (every n-th query) for a quick check.
   */
  private static final List<String> VERIFY_FILES = List.of("select1.test", "select2.test", "select3.test",
      "select4.test");
  private static final List<String> STRESS_FILES = List.of("select1.test", "select2.test", "select3.test",
      "select4.test", "select5.test");
  /** Held so the level set below is not lost when the logger is collected; the parser logs every operation. */
  private static final Logger PARSER_LOG = Logger.getLogger("SltTestFile");

  static {
    PARSER_LOG.setLevel(Level.WARNING);
  }

  @Test
  void select1To4KeepTheirPasses(@TempDir Path dir) throws Exception {
    assumeTrue(!Boolean.getBoolean("cascade.stress"), "the stress run covers these files whole");
    runAndRatchet(files(VERIFY_FILES), dir);
  }

  @Test
  void select1To5WholeUnderStress(@TempDir Path dir) throws Exception {
    assumeTrue(Boolean.getBoolean("cascade.stress"), "select5 and the whole files run with -Dcascade.stress=true");
    runAndRatchet(files(STRESS_FILES), dir);
  }

  private static List<String> files(List<String> defaults) {
    String chosen = System.getProperty("slt.files", "");
    return chosen.isBlank() ? defaults : Arrays.stream(chosen.split(",")).map(String::strip).toList();
  }

  private static void runAndRatchet(List<String> files, Path dir) throws IOException, SQLException {
    Duration timeout = Duration.ofSeconds(Long.getLong("slt.queryTimeoutSeconds", 30));
    int shown = Integer.getInteger("slt.failuresShown", 10);
    SltExpectations bar = SltExpectations.load();
    List<SltFileResult> results = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      SltFileResult r = runFile(files.get(i), dir.resolve("store" + i), timeout);
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

  /** Runs {@code spec} ({@code name} or {@code name/k}) on a fresh store in {@code storeDir}. */
  private static SltFileResult runFile(String spec, Path storeDir, Duration timeout) throws IOException, SQLException {
    int slash = spec.indexOf('/');
    String file = slash < 0 ? spec : spec.substring(0, slash);
    int sampleEvery = slash < 0 ? 1 : Integer.parseInt(spec.substring(slash + 1));
    OptionsParser parser = new OptionsParser(false, System.out, System.err);
    OptionsParser.SuppliedOptions options = parser.getOptions();
    SltTestFile test = new SltTestFile("test/" + file);
    test.parse(options);
    try (CascadeSltExecutor executor = new CascadeSltExecutor(options, storeDir, timeout, sampleEvery)) {
      return executor.run(test, sampleEvery == 1 ? file : file + "/" + sampleEvery);
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
