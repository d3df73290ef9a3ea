package dev.cascade.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of option values that picocli's types cannot express; a failure is a {@link ParameterException} (one line
 * and the usage, exit code 2).
 *
 * <p>Stateless.
 */
final class CliChecks {

  private CliChecks() {}

  /** Fails unless {@code file} is null or a readable regular file. */
  static void readableFileOrNull(CommandSpec spec, Path file, String option) {
    if (file != null && !(Files.isRegularFile(file) && Files.isReadable(file))) {
      throw new ParameterException(spec.commandLine(), option + ": no readable file " + file);
    }
  }
}
