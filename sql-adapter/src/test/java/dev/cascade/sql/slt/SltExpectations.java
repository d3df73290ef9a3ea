package dev.cascade.sql.slt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The ratchet: per sqllogictest file, how many queries passed when the bar was last raised
 * ({@code src/test/resources/slt/expected.properties}, keys {@code <file>.passed} and {@code <file>.failed}). A run
 * may pass more (then the bar can be raised with {@code -Dslt.rewrite=true}) but never fewer.
 *
 * <p>Not thread-safe; owned by the test that loads it.
 */
final class SltExpectations {
  static final String RESOURCE = "slt/expected.properties";

  private final Map<String, Integer> passed = new TreeMap<>();
  private final Map<String, Integer> failed = new TreeMap<>();

  static SltExpectations load() {
    SltExpectations e = new SltExpectations();
    Properties p = new Properties();
    try (InputStream in = SltExpectations.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read " + RESOURCE, ex);
    }
    for (String key : p.stringPropertyNames()) {
      int v = Integer.parseInt(p.getProperty(key).strip());
      if (key.endsWith(".passed")) {
        e.passed.put(key.substring(0, key.length() - ".passed".length()), v);
      } else if (key.endsWith(".failed")) {
        e.failed.put(key.substring(0, key.length() - ".failed".length()), v);
      }
    }
    return e;
  }

  int passed(String file) {
    return passed.getOrDefault(file, 0);
  }

  /**
   * Problems with {@code r} against the bar: empty if it passed at least as many queries as recorded. Queries that
   * timed out are given the benefit of the doubt (a loaded build machine can slow any query past its limit); they
   * are printed with the other failures.
   */
  List<String> regressions(SltFileResult r) {
    List<String> out = new ArrayList<>();
    if (r.passed() + r.timedOut() < passed(r.file())) {
      out.add(r.file() + ": " + r.passed() + " queries passed (" + r.timedOut() + " timed out), the ratchet expects"
          + " at least " + passed(r.file()));
    }
    return out;
  }

  void record(SltFileResult r) {
    passed.put(r.file(), r.passed());
    failed.put(r.file(), r.failed());
  }

  /** Writes the bar to the source tree ({@code basedir} is the module directory, as surefire sets it). */
  void store(Path basedir) {
    StringBuilder b = new StringBuilder();
    b.append("# sqllogictest ratchet (SqlLogicTest): queries passed and failed per file when the bar was last raised.\n");
    b.append("# The test fails if a file passes fewer queries than recorded here. Raise the bar with\n");
    b.append("# mvn -o verify -pl engine,sql-adapter -Dtest=SqlLogicTest -Dslt.rewrite=true (select5: add -Dcascade.stress=true).\n");
    for (String file : passed.keySet()) {
      b.append(file).append(".passed=").append(passed.get(file)).append('\n');
      b.append(file).append(".failed=").append(failed.getOrDefault(file, 0)).append('\n');
    }
    Path target = basedir.resolve("src/test/resources").resolve(RESOURCE);
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, b.toString());
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + target, ex);
    }
  }
}
