package dev.cascade.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cascade sql [DIR]}: sqlline on an embedded store ({@code jdbc:cascade:DIR}).
 *
 * <p>Owned by the thread that runs the command line.
 */
@Command(
    name = "sql",
    description = "Run sqlline on an embedded store in DIR (created if missing). The default command.",
    mixinStandardHelpOptions = false,
    usageHelpAutoWidth = true)
final class SqlCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "./cascade-data",
      description = "Store directory (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Mixin SqlLineOptions sqlline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return sqlline.run(spec, "jdbc:cascade:" + dir, "cascade", "");
  }
}
