package dev.cascade.cli;

import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The options every command that runs sqlline shares ({@code sql}, {@code connect}), and the run itself: a picocli
 * mixin.
 *
 * <p>Filled in by picocli, then read once by its command's thread.
 */
final class SqlLineOptions {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Run the SQL and sqlline commands in FILE, then exit.")
  Path script;

  @Option(names = "--max-width", paramLabel = "COLUMNS",
      description = "Width of result tables (default: the terminal's, 200 without a terminal).")
  int maxWidth = -1;

  /** Runs sqlline on {@code url} with these options; returns its exit code. */
  int run(CommandSpec spec, String url, String user, String password) throws Exception {
    CliChecks.readableFileOrNull(spec, script, "--file");
    int width = maxWidth >= 0 ? maxWidth : SqlLineRunner.defaultWidth();
    return new SqlLineRunner(url, user, password, script, width).run(null);
  }
}
