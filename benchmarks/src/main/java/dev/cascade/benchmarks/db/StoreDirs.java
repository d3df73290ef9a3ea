package dev.cascade.benchmarks.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Fresh store directories for one trial, under {@code -Dcascade.bench.dir} (default {@code /tmp}), and their
 * removal at teardown.
 *
 * <p>Stateless.
 */
public final class StoreDirs {
  private StoreDirs() {}

  public static Path create(String prefix) {
    try {
      return Files.createTempDirectory(Path.of(System.getProperty("cascade.bench.dir", "/tmp")), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything under it; null is ignored (a setup that failed before creating it). */
  public static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
