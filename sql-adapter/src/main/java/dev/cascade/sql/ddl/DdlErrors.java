package dev.cascade.sql.ddl;

import dev.cascade.engine.table.CatalogException;
import dev.cascade.sql.SqlStateException;
import org.apache.calcite.sql.SqlNode;

/**
 * The SQLSTATEs of DDL errors, and the translation of the catalog's refusals into them. Stateless.
 */
final class DdlErrors {
  static final String TABLE_EXISTS = "42S01";
  static final String TABLE_NOT_FOUND = "42S02";
  static final String COLUMN_EXISTS = "42S21";
  static final String COLUMN_NOT_FOUND = "42S22";
  static final String INDEX_EXISTS = "42S11";
  static final String INDEX_NOT_FOUND = "42S12";
  static final String DUPLICATE_KEY = "23505";
  static final String NOT_NULL = "23502";
  static final String INVALID = "42000";
  static final String UNSUPPORTED = "0A000";
  static final String STRING_TOO_LONG = "22001";
  static final String OUT_OF_RANGE = "22003";
  static final String BAD_VALUE = "22018";

  private DdlErrors() {
  }

  /** An error about {@code node}; the message ends with where the node is in the statement. */
  static SqlStateException at(String sqlState, SqlNode node, String message) {
    return new SqlStateException(sqlState, message + " (at " + node.getParserPosition() + ")");
  }

  static SqlStateException of(CatalogException e) {
    String state = switch (e.reason()) {
      case TABLE_EXISTS -> TABLE_EXISTS;
      case TABLE_NOT_FOUND -> TABLE_NOT_FOUND;
      case COLUMN_EXISTS -> COLUMN_EXISTS;
      case COLUMN_NOT_FOUND -> COLUMN_NOT_FOUND;
      case INDEX_EXISTS -> INDEX_EXISTS;
      case INDEX_NOT_FOUND -> INDEX_NOT_FOUND;
      case DUPLICATE_KEY -> DUPLICATE_KEY;
      case NOT_NULL -> NOT_NULL;
      case INVALID -> INVALID;
    };
    return new SqlStateException(state, e.getMessage(), e);
  }
}
