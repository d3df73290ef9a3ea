package org.apache.calcite.jdbc;

import java.sql.SQLException;
import java.util.List;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Lets Cascade subclass {@link CalciteMetaImpl}: its constructor takes the package-private
 * {@code CalciteConnectionImpl}, which code outside this package cannot name, and so does the statement registry a
 * batch's elements run from ({@link #updates}). The behaviour is in {@code dev.cascade.sql.jdbc.CascadeMeta}. (It
 * shares Calcite's package, which the class path allows; Calcite's jar is not sealed.)
 *
 * <p>Thread-safe as {@link CalciteMetaImpl} is.
 */
public abstract class CascadeMetaBridge extends CalciteMetaImpl {
  protected CascadeMetaBridge(AvaticaConnection connection) {
    super((CalciteConnectionImpl) connection);
  }

  /** Runs executions of one prepared statement that changes data. */
  @FunctionalInterface
  protected interface Updates {
    /** Runs one execution with {@code parameterValues}; returns its update count. */
    long run(List<TypedValue> parameterValues);
  }

  /**
   * Executions of the prepared statement {@code h} as Calcite's {@code execute} runs those of a statement that
   * changes data, with what they share (the statement, its signature, cancel flag and timeout) looked up once
   * rather than for each: for the elements of a batch. Null when {@code h} does not change data, or is not a
   * Cascade connection's, and must run through {@code execute}.
   */
  protected final Updates updates(StatementHandle h) throws NoSuchStatementException {
    CalciteConnectionImpl connection = getConnection();
    if (!(connection instanceof CascadeJdbcFactory.ConfigCachingConnection cascade)
        || !(connection.server.getStatement(h).getSignature() instanceof CalcitePrepare.CalciteSignature<?> s)
        || !s.statementType.canUpdate()) {
      return null;
    }
    CascadeJdbcFactory.ConfigCachingConnection.Executions<?> executions;
    try {
      executions = cascade.executions(h, s);
    } catch (SQLException e) {
      throw new RuntimeException(e.getMessage(), e);
    }
    return parameterValues -> {
      try {
        return ((Number) executions.enumerable(parameterValues).iterator().next()).longValue();
      } catch (SQLException e) {
        throw new RuntimeException(e.getMessage(), e); // as Calcite's execute reports it
      }
    };
  }
}
