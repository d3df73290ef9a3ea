package dev.cascade.engine;

/**
 * Root of Cascade's unchecked exceptions. Subclasses name what failed precisely enough that a user can act on
 * the message alone: {@link StorageIoException} (a file operation), and later {@code CorruptionException}
 * (file, offset, block kind) and {@code ReadOnlyException}. Not-found is a return value, never an exception.
 *
 * <p>Immutable.
 */
public class CascadeException extends RuntimeException {
  public CascadeException(String message) {
    super(message);
  }

  public CascadeException(String message, Throwable cause) {
    super(message, cause);
  }
}
