package dev.cascade.cli;

import dev.cascade.demo.TpchLoader;
import dev.cascade.demo.TpchLoader.Summary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cascade demo [DIR]}: loads TPC-H into an embedded store, for {@code sqlline-scripts/tpch/*.sql}.
 *
 * <p>Owned by the thread that runs the command line.
 */
@Command(
    name = "demo",
    description = "Load the TPC-H tables (scale factor 0.01, about 87,000 rows) into the store in DIR.",
    usageHelpAutoWidth = true,
    footer = {"", "Then: cascade sql DIR, and !run sqlline-scripts/tpch/q01.sql (q01..q22)."})
final class DemoCommand implements Callable<Integer> {

  /** Smallest scale factor that generates valid data: below it the generator repeats PARTSUPP keys. */
  static final double SCALE_MIN = 0.01;

  /** Largest scale factor the demo accepts (SF 1 is 8.7 million rows; the demo is for a first look). */
  static final double SCALE_MAX = 1.0;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "./cascade-data",
      description = "Store directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--scale", paramLabel = "SF", defaultValue = "0.01",
      description = "TPC-H scale factor, 0.01 to 1 (default: ${DEFAULT-VALUE}).")
  double scale;

  @Option(names = "--replace", description = "Drop the TPC-H tables first when they exist.")
  boolean replace;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!(scale >= SCALE_MIN && scale <= SCALE_MAX)) {
      throw new ParameterException(spec.commandLine(), "--scale must be from " + SCALE_MIN + " to " + SCALE_MAX
          + " (below " + SCALE_MIN + " the generator repeats PARTSUPP keys), got " + scale);
    }
    PrintWriter out = spec.commandLine().getOut();
    Summary summary = new TpchLoader(dir, scale, replace, out).load();
    out.println(summary.describe());
    out.flush();
    return 0;
  }
}
