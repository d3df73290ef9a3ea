package dev.cascade.engine.table;

import dev.cascade.engine.CascadeException;

/** A DDL or catalog request that cannot be carried out; {@link #reason()} says which kind, the message says why. */
public final class CatalogException extends CascadeException {
  /** What went wrong; the SQL layer maps each to an SQLSTATE. */
  public enum Reason { TABLE_EXISTS, TABLE_NOT_FOUND, COLUMN_EXISTS, COLUMN_NOT_FOUND, INDEX_EXISTS, INDEX_NOT_FOUND,
    DUPLICATE_KEY, NOT_NULL, INVALID }

  private final Reason reason;

  public CatalogException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
