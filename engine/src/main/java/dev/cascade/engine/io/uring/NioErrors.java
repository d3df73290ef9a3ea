package dev.cascade.engine.io.uring;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Turns the {@code java.nio.file} exceptions of the engine's rare directory operations into
 * {@link StorageIoException}s with the errno that the exception type stands for, so that they read like the
 * io_uring engine's own failures.
 *
 * <p>Thread ownership: stateless.
 */
final class NioErrors {
  private NioErrors() {}

  static StorageIoException toStorage(Path path, String operation, IOException e) {
    int errno = errnoOf(e);
    if (errno == 0) {
      return new StorageIoException(path, operation, e);
    }
    String reason = e instanceof FileSystemException fse ? fse.getReason() : null;
    StorageIoException s = new StorageIoException(path, operation, errno, reason);
    s.initCause(e);
    return s;
  }

  private static int errnoOf(IOException e) {
    if (e instanceof NoSuchFileException) {
      return Errno.ENOENT;
    }
    if (e instanceof FileAlreadyExistsException) {
      return Errno.EEXIST;
    }
    if (e instanceof AccessDeniedException) {
      return Errno.EACCES;
    }
    if (e instanceof DirectoryNotEmptyException) {
      return Errno.ENOTEMPTY;
    }
    if (e instanceof NotDirectoryException) {
      return Errno.ENOTDIR;
    }
    return 0;
  }
}
