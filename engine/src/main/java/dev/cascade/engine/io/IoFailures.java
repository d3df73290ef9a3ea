package dev.cascade.engine.io;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Turns Java's I/O exceptions into {@link StorageIoException}s that carry the Linux errno. Java hides the errno,
 * so it is recovered from the exception type or from the C library's error text in the message. The one mapping
 * for every engine, so that the same failure reads the same whichever engine ran into it.
 *
 * <p>Immutable (static methods only).
 */
public final class IoFailures {
  /** Errnos recognised by their C library text in an exception message. */
  private static final int[] ERRNOS_BY_TEXT = {
    Errno.ENOSPC, Errno.EIO, Errno.EACCES, Errno.EPERM, Errno.ENOENT, Errno.EEXIST, Errno.EISDIR,
    Errno.ENOTDIR, Errno.ENOTEMPTY, Errno.EROFS, Errno.EINVAL, Errno.EMFILE, Errno.EFBIG, Errno.EBADF,
    Errno.EBUSY, Errno.ENOMEM, Errno.EOPNOTSUPP, Errno.EINTR, Errno.EAGAIN
  };

  private IoFailures() {}

  /** The failure of {@code operation} on {@code path}, with its errno when one is identifiable. */
  public static StorageIoException of(Path path, String operation, Throwable cause) {
    return of(path, operation, null, cause);
  }

  /**
   * The failure of {@code operation} on {@code path}, with its errno when one is identifiable and {@code where}
   * (such as {@link #at}, or null) as the detail, followed by the cause's text when no errno is.
   */
  public static StorageIoException of(Path path, String operation, String where, Throwable cause) {
    if (cause instanceof StorageIoException sie) {
      return sie;
    }
    int errno = errnoOf(cause);
    if (errno == 0 && where == null) {
      return new StorageIoException(path, operation, cause);
    }
    String detail = where == null ? detailOf(cause) : errno == 0 ? where + ": " + cause.getMessage() : where;
    StorageIoException e = new StorageIoException(path, operation, errno, detail);
    e.initCause(cause);
    return e;
  }

  /**
   * Where a read or write failed, as every engine says it: {@code "at offset 8192, 4096 bytes"} (the bytes
   * still to transfer from there).
   */
  public static String at(long offset, long bytes) {
    return "at offset " + offset + ", " + bytes + " bytes";
  }

  /** The Linux errno that {@code cause} stands for, or 0 when none is identifiable. */
  public static int errnoOf(Throwable cause) {
    return switch (cause) {
      case NoSuchFileException _ -> Errno.ENOENT;
      case FileAlreadyExistsException _ -> Errno.EEXIST;
      case AccessDeniedException _ -> Errno.EACCES;
      case DirectoryNotEmptyException _ -> Errno.ENOTEMPTY;
      case NotDirectoryException _ -> Errno.ENOTDIR;
      case ClosedChannelException _, NonWritableChannelException _, NonReadableChannelException _ -> Errno.EBADF;
      default -> errnoFromText(reason(cause));
    };
  }

  private static int errnoFromText(String text) {
    if (text == null) {
      return 0;
    }
    for (int errno : ERRNOS_BY_TEXT) {
      if (text.contains(Errno.description(errno))) {
        return errno;
      }
    }
    return 0;
  }

  /** The part of the message that explains the failure (FileSystemException puts the file first). */
  private static String reason(Throwable cause) {
    if (cause instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return cause.getMessage();
  }

  private static String detailOf(Throwable cause) {
    String reason = reason(cause);
    if (reason == null || reason.isEmpty() || errnoFromText(reason) != 0) {
      return cause.getClass().getSimpleName();
    }
    return reason;
  }

  /** Exceptions that are the channel's way of reporting an I/O failure rather than a programming error. */
  static boolean isIoFailure(Throwable t) {
    return t instanceof IOException
        || t instanceof NonWritableChannelException
        || t instanceof NonReadableChannelException;
  }
}
