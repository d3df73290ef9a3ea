package dev.cascade.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that fails (a store that cannot open, a port in use, a missing file) prints one line naming the problem
 * on stderr and exits 1; the stack trace only with {@code -Dcascade.debug=true}. (Bad values found while a command
 * runs are thrown as {@link picocli.CommandLine.ParameterException}, which picocli hands to {@link UsageErrorHandler}.)
 *
 * <p>Stateless, thread-safe.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println(UsageErrorHandler.prefix(commandLine) + ": " + describe(ex));
    if (Boolean.getBoolean("cascade.debug")) {
      ex.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** The message of the exception and its causes, deduplicated: what went wrong, in one line. */
  static String describe(Throwable ex) {
    StringBuilder line = new StringBuilder();
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage() == null ? t.getClass().getSimpleName() : UsageErrorHandler.firstLine(t.getMessage());
      if (line.indexOf(message) < 0) {
        line.append(line.isEmpty() ? "" : ": ").append(message);
      }
    }
    return line.toString();
  }
}
