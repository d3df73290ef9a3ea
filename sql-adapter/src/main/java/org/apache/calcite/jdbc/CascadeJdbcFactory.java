package org.apache.calcite.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Properties;
import java.util.TimeZone;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;

/**
 * Calcite's JDBC 4.1 factory (statements, result sets and metadata are its own), making connections that parse
 * their properties once instead of at every statement execution: Calcite's {@code config()} parses the whole
 * property set on each call, and each execution's data context calls it three times, a third of the time of a
 * small prepared INSERT. Lives in Calcite's package for the same reason as {@link CascadeMetaBridge}: the
 * connection class it extends is package-private.
 *
 * <p>Stateless; thread-safe.
 */
public final class CascadeJdbcFactory extends CalciteFactory {
  private final CalciteJdbc41Factory calcite = new CalciteJdbc41Factory();

  public CascadeJdbcFactory() {
    super(4, 1);
  }

  @Override
  public AvaticaConnection newConnection(UnregisteredDriver driver, AvaticaFactory factory, String url,
      Properties info, CalciteSchema rootSchema, JavaTypeFactory typeFactory) {
    return new ConfigCachingConnection((Driver) driver, factory, url, info, rootSchema, typeFactory);
  }

  @Override
  public AvaticaStatement newStatement(AvaticaConnection connection, Meta.StatementHandle h,
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) {
    return calcite.newStatement(connection, h, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public AvaticaPreparedStatement newPreparedStatement(AvaticaConnection connection, Meta.StatementHandle h,
      Meta.Signature signature, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return calcite.newPreparedStatement(connection, h, signature, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public AvaticaResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    return calcite.newResultSet(statement, state, signature, timeZone, firstFrame);
  }

  @Override
  public AvaticaSpecificDatabaseMetaData newDatabaseMetaData(AvaticaConnection connection) {
    return calcite.newDatabaseMetaData(connection);
  }

  @Override
  public ResultSetMetaData newResultSetMetaData(AvaticaStatement statement, Meta.Signature signature) {
    return calcite.newResultSetMetaData(statement, signature);
  }

  /**
   * A Calcite connection whose parsed configuration is kept while its properties stay the same (they can be edited
   * through {@code CalciteConnection.getProperties()}, so the cache is checked against their hash).
   *
   * <p>Thread-safe: the cache is one immutable pair in a volatile field.
   */
  static final class ConfigCachingConnection extends CalciteConnectionImpl {
    private record Parsed(int propertiesHash, CalciteConnectionConfig config) {
    }

    private volatile Parsed parsed;

    ConfigCachingConnection(Driver driver, AvaticaFactory factory, String url, Properties info,
        CalciteSchema rootSchema, JavaTypeFactory typeFactory) {
      super(driver, factory, url, info, rootSchema, typeFactory);
    }

    @Override
    public CalciteConnectionConfig config() {
      int hash = info.hashCode();
      Parsed p = parsed;
      if (p == null || p.propertiesHash != hash) {
        p = new Parsed(hash, new CalciteConnectionConfigImpl(info));
        parsed = p;
      }
      return p.config;
    }
  }
}
