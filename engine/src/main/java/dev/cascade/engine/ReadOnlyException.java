package dev.cascade.engine;

/**
 * The store refuses writes: a WAL append, an fsync or a file-set change failed earlier (an fsync is never retried,
 * because the kernel may already have dropped the dirty pages it failed to write), or the store was opened
 * read-only. The message names the original failure; reads keep working.
 *
 * <p>Immutable.
 */
public final class ReadOnlyException extends CascadeException {
  public ReadOnlyException(String message, Throwable cause) {
    super(message, cause);
  }
}
