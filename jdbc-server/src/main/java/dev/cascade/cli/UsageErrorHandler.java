package dev.cascade.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Bad usage (an unknown flag or command, a bad value, a missing argument): one line naming the problem, then the
 * usage of the command that was being parsed, both on stderr; exit code 2.
 *
 * <p>Stateless, thread-safe.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(prefix(commandLine) + ": " + firstLine(ex.getMessage()));
    commandLine.usage(err);
    err.flush();
    return CommandLine.ExitCode.USAGE;
  }

  /** {@code cascade} or {@code cascade server}: which command the message is about. */
  static String prefix(CommandLine commandLine) {
    return commandLine.getCommandSpec().qualifiedName();
  }

  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "invalid arguments";
    }
    String trimmed = message.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
  }
}
