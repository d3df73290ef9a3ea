package dev.cascade.engine.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The namespace operations of every {@link IoEngine} (rename, delete, list, exists, createDirectories,
 * syncDirectory), through {@code java.nio.file}: they are rare and synchronous, so an engine gains nothing by
 * doing them its own way, and one implementation makes their results and failures the same whichever engine
 * runs. Failures are {@link dev.cascade.engine.StorageIoException}s from {@link IoFailures}, named by
 * {@link IoOp} where the operation has one.
 *
 * <p>Immutable (static methods only); callable from any thread.
 */
public final class FileSystemOps {
  /** Operation name of a failed {@link #list}. */
  public static final String LIST_OPERATION = "opendir";
  /** Operation name of a failed {@link #createDirectories}. */
  public static final String CREATE_DIRECTORIES_OPERATION = "mkdir";

  private FileSystemOps() {}

  /** Atomically renames {@code from} to {@code to}, replacing {@code to}. */
  public static void rename(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw IoFailures.of(from, IoOp.RENAME.operationName(), e);
    }
  }

  /** Deletes a file; a missing file is not an error. */
  public static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw IoFailures.of(path, IoOp.DELETE.operationName(), e);
    }
  }

  /** Names (not full paths) of the entries of {@code dir}, sorted. */
  public static List<Path> list(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(Path::getFileName).sorted().toList();
    } catch (IOException e) {
      throw IoFailures.of(dir, LIST_OPERATION, e);
    }
  }

  public static boolean exists(Path path) {
    return Files.exists(path);
  }

  /** Creates {@code dir} and its missing parents. */
  public static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw IoFailures.of(dir, CREATE_DIRECTORIES_OPERATION, e);
    }
  }

  /** fsync of the directory itself (Linux lets a read-only descriptor of a directory be synced). */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw IoFailures.of(dir, IoOp.SYNC_DIRECTORY.operationName(), e);
    }
  }
}
