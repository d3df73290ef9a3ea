package dev.cascade.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cascade bench NAME [JMH args]}: runs one JMH suite through {@code benchmarks/run} of the checkout (found
 * through the {@code cascade.home} system property the launcher script sets), which builds the benchmarks jar and
 * picks a JDK 25.
 *
 * <p>Owned by the thread that runs the command line.
 */
@Command(
    name = "bench",
    description = "Run one JMH benchmark suite (RuntimeBench, DbBench, SqlBench, JdbcBench, ...) with a JDK 25.",
    usageHelpAutoWidth = true,
    footer = {"", "Examples: cascade bench -l   (lists the suites);  cascade bench SqlBench -f 1 -wi 1 -i 3"})
final class BenchCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Parameters(arity = "1..*", paramLabel = "NAME [JMH-ARGS]",
      description = "Suite name (a regular expression, as JMH takes it), then JMH's own arguments (-f, -wi, -i, -p"
          + " ...); -l lists the suites.")
  List<String> args = new ArrayList<>();

  /** JMH's flags are not ours: everything from the first argument on goes to JMH as it is. */
  static void passThroughJmhArguments(CommandLine bench) {
    bench.setUnmatchedOptionsArePositionalParams(true);
    bench.setStopAtPositional(true);
  }

  @Override
  public Integer call() throws Exception {
    Path run = benchmarksScript();
    List<String> command = new ArrayList<>();
    command.add(run.toString());
    command.addAll(args);
    Process process = new ProcessBuilder(command).inheritIO().start();
    return process.waitFor();
  }

  private Path benchmarksScript() {
    String home = System.getProperty("cascade.home");
    if (home == null) {
      throw new IllegalStateException("cascade bench needs the checkout: run it through sqlline-scripts/cascade "
          + "(or set -Dcascade.home=DIR)");
    }
    Path run = Path.of(home, "benchmarks", "run");
    if (!Files.isExecutable(run)) {
      throw new IllegalStateException("no executable " + run);
    }
    return run;
  }
}
