package dev.cascade.engine;

/**
 * Linux errno numbers that Cascade reports or injects, with their symbolic names and the C library's text.
 * Unknown numbers print as {@code "errno 123"}.
 *
 * <p>Immutable (static tables only).
 */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENOTDIR = 20;
  public static final int EISDIR = 21;
  public static final int EINVAL = 22;
  public static final int EMFILE = 24;
  public static final int EFBIG = 27;
  public static final int ENOSPC = 28;
  public static final int EROFS = 30;
  public static final int ENOSYS = 38;
  public static final int ENOTEMPTY = 39;
  public static final int EOPNOTSUPP = 95;
  public static final int ETIME = 62;
  public static final int ECANCELED = 125;

  private Errno() {}

  public static String name(int errno) {
    return switch (errno) {
      case EPERM -> "EPERM";
      case ENOENT -> "ENOENT";
      case EINTR -> "EINTR";
      case EIO -> "EIO";
      case EBADF -> "EBADF";
      case EAGAIN -> "EAGAIN";
      case ENOMEM -> "ENOMEM";
      case EACCES -> "EACCES";
      case EFAULT -> "EFAULT";
      case EBUSY -> "EBUSY";
      case EEXIST -> "EEXIST";
      case ENOTDIR -> "ENOTDIR";
      case EISDIR -> "EISDIR";
      case EINVAL -> "EINVAL";
      case EMFILE -> "EMFILE";
      case EFBIG -> "EFBIG";
      case ENOSPC -> "ENOSPC";
      case EROFS -> "EROFS";
      case ENOSYS -> "ENOSYS";
      case ENOTEMPTY -> "ENOTEMPTY";
      case EOPNOTSUPP -> "EOPNOTSUPP";
      case ETIME -> "ETIME";
      case ECANCELED -> "ECANCELED";
      default -> "errno " + errno;
    };
  }

  public static String description(int errno) {
    return switch (errno) {
      case EPERM -> "Operation not permitted";
      case ENOENT -> "No such file or directory";
      case EINTR -> "Interrupted system call";
      case EIO -> "Input/output error";
      case EBADF -> "Bad file descriptor";
      case EAGAIN -> "Resource temporarily unavailable";
      case ENOMEM -> "Cannot allocate memory";
      case EACCES -> "Permission denied";
      case EFAULT -> "Bad address";
      case EBUSY -> "Device or resource busy";
      case EEXIST -> "File exists";
      case ENOTDIR -> "Not a directory";
      case EISDIR -> "Is a directory";
      case EINVAL -> "Invalid argument";
      case EMFILE -> "Too many open files";
      case EFBIG -> "File too large";
      case ENOSPC -> "No space left on device";
      case EROFS -> "Read-only file system";
      case ENOSYS -> "Function not implemented";
      case ENOTEMPTY -> "Directory not empty";
      case EOPNOTSUPP -> "Operation not supported";
      case ETIME -> "Timer expired";
      case ECANCELED -> "Operation canceled";
      default -> "unknown error";
    };
  }
}
