package dev.cascade.client;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;

/**
 * Avatica's own factory with two changes: connections are created with Cascade's client defaults
 * ({@link ClientProperties}) and their {@link java.sql.DatabaseMetaData} is {@link CascadeDatabaseMetaData}.
 *
 * <p>Why a delegating factory: Avatica creates a connection's metadata object once, in the connection's constructor,
 * through the factory the driver was built with, and hands that same factory to the connection for its statements
 * and result sets. Avatica's JDBC 4.1 factory is package-private, so wrapping it (instead of subclassing) is the one
 * public seam; {@link org.apache.calcite.avatica.AvaticaDatabaseMetaData} has a protected constructor meant for
 * subclasses. Everything except connections and metadata is Avatica's unchanged.
 *
 * <p>Thread-safe: immutable after construction; the delegate is Avatica's stateless factory.
 */
final class CascadeClientFactory implements AvaticaFactory {
  private final AvaticaFactory avatica;

  CascadeClientFactory(AvaticaFactory avatica) {
    this.avatica = avatica;
  }

  @Override
  public int getJdbcMajorVersion() {
    return avatica.getJdbcMajorVersion();
  }

  @Override
  public int getJdbcMinorVersion() {
    return avatica.getJdbcMinorVersion();
  }

  /** {@code info} is the URL's properties over the caller's; the connection reads its configuration from it. */
  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
      Properties info) throws SQLException {
    return avatica.newConnection(driver, this, url, ClientProperties.withDefaults(info));
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return avatica.newStatement(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return avatica.newPreparedStatement(connection, h, signature, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    return avatica.newResultSet(statement, state, signature, timeZone, firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return new CascadeDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature)
      throws SQLException {
    return avatica.newResultSetMetaData(statement, signature);
  }
}
