package dev.cascade.sql.dml;

import org.apache.calcite.rel.core.TableModify;

/** What a DML statement does to its table; UPSERT is an INSERT that replaces a row with the same primary key. */
public enum WriteKind {
  INSERT, UPSERT, UPDATE, DELETE, MERGE;

  /** The kind of a Calcite modify operation; {@code upsert} only qualifies INSERT. */
  public static WriteKind of(TableModify.Operation operation, boolean upsert) {
    return switch (operation) {
      case INSERT -> upsert ? UPSERT : INSERT;
      case UPDATE -> UPDATE;
      case DELETE -> DELETE;
      case MERGE -> MERGE;
    };
  }
}
