package dev.cascade.sql.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Cascade's transaction rules at the connection, until explicit transactions arrive: autocommit is always on
 * (every statement commits as one atomic batch); {@code setAutoCommit(false)} and savepoints are refused with
 * 0A000; {@code commit()} and {@code rollback()} do nothing and never throw on an open connection (there is never
 * anything uncommitted).
 *
 * <p>Stateless.
 */
final class TransactionRules {
  /** Returned when the call is not one of these rules' and goes to the wrapped connection. */
  static final Object PASS = new Object();

  private TransactionRules() {
  }

  static Object connectionCall(Connection c, Method method, Object[] args) throws SQLException {
    int n = args == null ? 0 : args.length;
    switch (method.getName()) {
      case "setAutoCommit" -> {
        if (n == 1 && Boolean.FALSE.equals(args[0])) {
          throw SqlErrors.create("0A000", "explicit transactions are not supported yet (autocommit is always on: "
              + "each statement commits atomically on its own); setAutoCommit(false) is refused", null);
        }
        return PASS;
      }
      case "commit", "rollback" -> {
        if (n == 0) {
          checkOpen(c);
          return null;
        }
        throw savepoints();
      }
      case "getAutoCommit" -> {
        checkOpen(c);
        return true;
      }
      case "setSavepoint", "releaseSavepoint" -> throw savepoints();
      default -> {
        return PASS;
      }
    }
  }

  private static SQLException savepoints() {
    return SqlErrors.create("0A000", "savepoints are not supported (autocommit is always on)", null);
  }

  private static void checkOpen(Connection c) throws SQLException {
    if (c.isClosed()) {
      throw SqlErrors.create("08003", "the connection is closed", null);
    }
  }
}
