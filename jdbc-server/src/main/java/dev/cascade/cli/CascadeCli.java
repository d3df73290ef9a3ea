package dev.cascade.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code cascade} command line: {@code sql}, {@code server}, {@code connect}, {@code demo}, {@code bench} and
 * {@code help}. {@code sqlline-scripts/cascade} runs it with a JDK 25 and the module's class path.
 *
 * <p>Exit codes: 0 done, 1 the command failed (one line on stderr naming the problem), 2 bad usage (one line and
 * the usage on stderr). With no command it runs {@code sql ./cascade-data}.
 *
 * <p>Owned by the thread that runs {@link #main}: picocli fills a fresh instance per run.
 */
@Command(
    name = "cascade",
    description = {"Cascade: an LSM table store with SQL.", "Without a command: cascade sql (sqlline on ./cascade-data)."},
    mixinStandardHelpOptions = false,
    usageHelpAutoWidth = true,
    subcommands = {
      SqlCommand.class,
      ServerCommand.class,
      ConnectCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "The SQL reference is sql-adapter/docs/sql.md; 'cascade COMMAND --help' describes a command."})
public final class CascadeCli implements Callable<Integer> {

  @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    CommandLine sql = spec.commandLine().getSubcommands().get("sql");
    return sql.execute();
  }

  /** Runs the command line and exits the JVM with its code (sqlline and the server have threads of their own). */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line without exiting: what {@link #main} and the tests call. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    Logging.quiet();
    return commandLine(out, err).execute(args);
  }

  /** The configured picocli command tree (one-line usage errors, exit code 2; failures as one line, exit 1). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new CascadeCli());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    commandLine.setExecutionExceptionHandler(new FailureHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    BenchCommand.passThroughJmhArguments(commandLine.getSubcommands().get("bench"));
    return commandLine;
  }
}
