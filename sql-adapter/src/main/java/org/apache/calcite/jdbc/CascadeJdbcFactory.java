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
 * their properties once instead of at every statement execution: Calcite's {@code config()} makes a new
 * configuration on each call whose accessors parse the whole property set on each call, and each execution reads
 * four settings that way (three for its data context, one when it creates its result), a third of the time of a
 * small prepared INSERT or point SELECT. Lives in Calcite's package for the same reason as
 * {@link CascadeMetaBridge}: the connection class it extends is package-private.
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
   * Calcite's configuration, with the settings every statement execution reads answered from fields: the stock
   * accessors parse the whole property set on each call.
   *
   * <p>Immutable.
   */
  static final class MemoizedConfig extends CalciteConnectionConfigImpl {
    private final String timeZone;
    private final String locale;
    private final boolean spark;
    private final boolean autoTemp;

    MemoizedConfig(Properties properties) {
      super(properties);
      this.timeZone = super.timeZone();
      this.locale = super.locale();
      this.spark = super.spark();
      this.autoTemp = super.autoTemp();
    }

    @Override
    public boolean autoTemp() {
      return autoTemp;
    }

    @Override
    public String timeZone() {
      return timeZone;
    }

    @Override
    public String locale() {
      return locale;
    }

    @Override
    public boolean spark() {
      return spark;
    }
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
        p = new Parsed(hash, new MemoizedConfig(info));
        parsed = p;
      }
      return p.config;
    }
  }
}
