package dev.cascade.engine;

import java.nio.file.Path;

/**
 * A file operation failed. The message names the operation, the file and the operating system's error text,
 * and for a read or write where it failed, for example
 * {@code "pread /data/000012.sst failed: EIO (Input/output error): at offset 8192, 4096 bytes"}.
 *
 * <p>{@link #errno()} is the positive Linux errno when the failure came from the kernel (io_uring results,
 * syscalls, or an injected fault), or 0 when it came from a Java exception without one.
 *
 * <p>Immutable.
 */
public final class StorageIoException extends CascadeException {
  private final Path path;
  private final String operation;
  private final int errno;

  public StorageIoException(Path path, String operation, int errno, String detail) {
    super(message(path, operation, errno, detail));
    this.path = path;
    this.operation = operation;
    this.errno = errno;
  }

  public StorageIoException(Path path, String operation, Throwable cause) {
    super(message(path, operation, 0, String.valueOf(cause.getMessage())), cause);
    this.path = path;
    this.operation = operation;
    this.errno = 0;
  }

  /** The file (or directory) the operation was on; may be null for engine-wide operations such as ring setup. */
  public Path path() {
    return path;
  }

  /** The operation, such as {@code "pread"}, {@code "fdatasync"}, {@code "open"}. */
  public String operation() {
    return operation;
  }

  /** The positive Linux errno, or 0 when unknown. */
  public int errno() {
    return errno;
  }

  private static String message(Path path, String operation, int errno, String detail) {
    StringBuilder b = new StringBuilder(operation);
    if (path != null) {
      b.append(' ').append(path);
    }
    b.append(" failed: ");
    if (errno > 0) {
      b.append(Errno.name(errno)).append(" (").append(Errno.description(errno)).append(')');
      if (detail != null && !detail.isEmpty()) {
        b.append(": ").append(detail);
      }
    } else {
      b.append(detail);
    }
    return b.toString();
  }
}
