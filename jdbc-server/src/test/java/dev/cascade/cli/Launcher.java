package dev.cascade.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code sqlline-scripts/cascade} in a child process, with {@code CASCADE_NO_BUILD=1}: inside
 * {@code mvn verify} the classes and the class path file exist already (written at {@code process-test-classes}),
 * and the script must not start Maven inside Maven.
 *
 * <p>Stateless; each call starts and waits for (or hands back) its own process.
 */
public final class Launcher {

  /** The script, from the module directory (surefire's working directory). */
  public static final Path SCRIPT = Path.of("..", "sqlline-scripts", "cascade").toAbsolutePath().normalize();

  /** What one run printed and returned. */
  public record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private Launcher() {}

  /** Runs {@code cascade ARGS} with stdin from {@code input} (null: empty) and waits up to {@code timeoutSeconds}. */
  public static Result run(Path workDir, String input, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    Path in = Files.createTempFile(workDir, "stdin", ".txt");
    Files.writeString(in, input == null ? "" : input);
    Process process = builder(workDir, args)
        .redirectInput(in.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError("cascade " + String.join(" ", args) + " did not finish within " + timeoutSeconds
          + " s; stderr so far:\n" + Files.readString(err, StandardCharsets.UTF_8));
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** A process builder for {@code cascade ARGS} in {@code workDir} (the caller starts it and must end it). */
  public static ProcessBuilder builder(Path workDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().put("CASCADE_NO_BUILD", "1");
    return builder;
  }
}
