package org.apache.calcite.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TimeZone;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;
import org.apache.calcite.DataContext.Variable;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaSite;
import org.apache.calcite.avatica.AvaticaSpecificDatabaseMetaData;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.UnregisteredDriver;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

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
    return new CascadePreparedStatement((CalciteConnectionImpl) connection, h, signature, resultSetType,
        resultSetConcurrency, resultSetHoldability);
  }

  /**
   * Calcite's prepared statement (its JDBC 4.1 subclass adds only overrides that do what Avatica's methods do),
   * whose parameter setters read the statement's calendar without a lock. Every
   * {@code setX} asks for it (Avatica hands it to each value it wraps), and Avatica's {@code getCalendar} is
   * synchronized because it makes the calendar on first use: one lock taken per parameter per row of a batch. The
   * calendar never changes once made, so it is kept here after the first call, behind a volatile read.
   *
   * <p>Thread ownership: as Avatica's statement (one thread at a time).
   */
  static final class CascadePreparedStatement extends CalcitePreparedStatement {
    private volatile Calendar calendar;

    CascadePreparedStatement(CalciteConnectionImpl connection, Meta.StatementHandle h, Meta.Signature signature,
        int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
      super(connection, h, signature, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    protected Calendar getCalendar() {
      Calendar c = calendar;
      if (c == null) {
        c = super.getCalendar();
        calendar = c;
      }
      return c;
    }
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
    private final SqlConformance conformance;

    MemoizedConfig(Properties properties) {
      super(properties);
      this.timeZone = super.timeZone();
      this.locale = super.locale();
      this.spark = super.spark();
      this.autoTemp = super.autoTemp();
      this.conformance = new CheckedConformance(super.conformance());
    }

    /**
     * The configured conformance, with checked arithmetic: integer {@code +}, {@code -}, {@code *}, {@code /} and
     * unary minus that overflow their type fail with "numeric value out of range" (SQLSTATE 22003), as the SQL
     * standard, Postgres and H2 have it, where Calcite's default code wraps around silently.
     */
    @Override
    public SqlConformance conformance() {
      return conformance;
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
   * A conformance that is {@code delegate} in everything but arithmetic, which it checks for overflow.
   *
   * <p>Immutable.
   */
  static final class CheckedConformance extends SqlDelegatingConformance {
    CheckedConformance(SqlConformance delegate) {
      super(delegate);
    }

    @Override
    public boolean checkedArithmetic() {
      return true;
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

    /**
     * Calcite's data context, built only when a query asks for something other than its parameters: Calcite's
     * builds an immutable map of about fifteen variables (clocks, time zone offsets, locale, user, streams) for
     * every execution, about 7% of a prepared point SELECT that reads none of them.
     */
    @Override
    public DataContext createDataContext(Map<String, Object> parameterValues, CalciteSchema schema) {
      if (config().spark()) {
        return super.createDataContext(parameterValues, schema);
      }
      return new DeferredDataContext(this, NO_VALUES, parameterValues, null, null, schema,
          () -> super.createDataContext(parameterValues, schema));
    }

    /**
     * Calcite's {@code enumerable}, with the execution's parameters in an array and the variables every execution
     * shares looked up once ({@link Executions}): Calcite's grows a linked map of them all and concatenates each
     * parameter's name ({@code ?0}, {@code ?1}...) on every execution, about a tenth of the caller's time in a
     * batched INSERT (one execution per row), and the variables' map with its clock readings about 3% of a
     * prepared point SELECT. Same variables, same checks. When no values are passed (a query's result set asks for
     * its rows so), they are the statement's bound ones, as in Calcite; a statement without parameters takes
     * Calcite's own path.
     */
    @Override
    public <T> Enumerable<T> enumerable(Meta.StatementHandle handle, CalcitePrepare.CalciteSignature<T> signature,
        List<TypedValue> parameterValues) throws SQLException {
      List<TypedValue> values = parameterValues;
      if (values == null || values.isEmpty()) {
        values = TROJAN.getParameterValues(lookupStatement(handle));
        if (values == null || values.isEmpty()) {
          return super.enumerable(handle, signature, parameterValues);
        }
      }
      return executions(handle, signature).enumerable(values);
    }

    /**
     * Executions of {@code handle}'s prepared statement, with what they all bind besides their parameters (the
     * statement's cancel flag and timeout; the plan's internal parameters, not copied) looked up once.
     */
    <T> Executions<T> executions(Meta.StatementHandle handle, CalcitePrepare.CalciteSignature<T> signature)
        throws SQLException {
      AvaticaStatement statement = lookupStatement(handle);
      Object cancelFlag;
      try {
        cancelFlag = getCancelFlag(handle);
      } catch (NoSuchStatementException e) {
        throw new RuntimeException(e);
      }
      int queryTimeout = statement.getQueryTimeout();
      // As Calcite: a timeout only when set, and in milliseconds without overflow.
      Long timeout = queryTimeout > 0 && queryTimeout < Integer.MAX_VALUE / 1000 ? queryTimeout * 1000L : null;
      return new Executions<>(signature, cancelFlag, timeout, config().spark());
    }

    /**
     * Executions of one prepared statement, each with its own parameter values.
     *
     * <p>Immutable; each execution's values are its own.
     */
    final class Executions<T> {
      private final CalcitePrepare.CalciteSignature<T> signature;
      private final Object cancelFlag;
      private final Long timeout;
      /** The connection's {@code spark} setting, read once (reading a setting hashes the connection's properties). */
      private final boolean spark;

      private Executions(CalcitePrepare.CalciteSignature<T> signature, Object cancelFlag, Long timeout,
          boolean spark) {
        this.signature = signature;
        this.cancelFlag = cancelFlag;
        this.timeout = timeout;
        this.spark = spark;
      }

      /** The rows of an execution with {@code parameterValues}, as Calcite's {@code enumerable} gives them. */
      Enumerable<T> enumerable(List<TypedValue> parameterValues) throws SQLException {
        if (MetaImpl.checkParameterValueHasNull(parameterValues)) {
          throw new SQLException("exception while executing query: unbound parameter");
        }
        Object[] values = new Object[parameterValues.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = parameterValues.get(i).toLocal();
        }
        Map<String, Object> internal = signature.internalParameters;
        Supplier<Map<String, Object>> all = () -> DeferredDataContext.variables(values, internal, cancelFlag, timeout);
        DataContext context = spark
            ? ConfigCachingConnection.super.createDataContext(all.get(), signature.rootSchema)
            : new DeferredDataContext(ConfigCachingConnection.this, values, internal, cancelFlag, timeout,
                signature.rootSchema, () -> ConfigCachingConnection.super.createDataContext(all.get(),
                    signature.rootSchema));
        return signature.enumerable(context);
      }
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

  private static final Object[] NO_VALUES = {};

  /**
   * A statement execution's data context that answers its parameters (the {@code ?n} values, from an array, and
   * Calcite's internal ones: the plan's own, cancel flag, timeout) from what it was given, and everything else from
   * Calcite's own data context, made on first use. Same answers as Calcite's: a null or
   * {@link AvaticaSite#DUMMY_VALUE} parameter reads as null, and the two never share a name (Calcite's own map
   * refuses duplicate keys). The one difference: the clock variables hold the time of the first request for one of
   * them rather than of the execution's start; they still stay the same throughout the statement.
   *
   * <p>Thread-safe: shard threads evaluate pushed filters with it at once; the full context is made once.
   */
  static final class DeferredDataContext implements DataContext {
    private final CalciteConnectionImpl connection;
    /** The value of {@code ?i} at {@code i}. */
    private final Object[] values;
    /** Other variables by name (and {@code ?i} names beyond {@link #values}). */
    private final Map<String, Object> named;
    /** The statement's cancel flag and timeout in milliseconds, when not in {@link #named}; null if none. */
    private final Object cancelFlag;
    private final Object timeout;
    private final CalciteSchema schema;
    private final Supplier<DataContext> full;
    private volatile DataContext made;
    DeferredDataContext(CalciteConnectionImpl connection, Object[] values, Map<String, Object> named,
        Object cancelFlag, Object timeout, CalciteSchema schema, Supplier<DataContext> full) {
      this.connection = connection;
      this.values = values;
      this.named = named;
      this.cancelFlag = cancelFlag;
      this.timeout = timeout;
      this.schema = schema;
      this.full = full;
    }

    /** All of an execution's variables in one map, as Calcite's own context takes them. */
    static Map<String, Object> variables(Object[] values, Map<String, Object> named, Object cancelFlag,
        Object timeout) {
      Map<String, Object> all = new HashMap<>(2 * (values.length + named.size() + 2));
      for (int i = 0; i < values.length; i++) {
        all.put("?" + i, values[i]);
      }
      all.putAll(named);
      if (cancelFlag != null) {
        all.put(Variable.CANCEL_FLAG.camelName, cancelFlag);
      }
      if (timeout != null) {
        all.put(Variable.TIMEOUT.camelName, timeout);
      }
      return all;
    }

    /** {@code i} when {@code name} is {@code ?i} with {@code i < values.length}, else -1. */
    private int valueIndex(String name) {
      int length = name.length();
      if (length < 2 || length > 7 || name.charAt(0) != '?') {
        return -1;
      }
      int i = 0;
      for (int at = 1; at < length; at++) {
        int digit = name.charAt(at) - '0';
        if (digit < 0 || digit > 9 || (digit == 0 && at == 1 && length > 2)) {
          return -1;
        }
        i = i * 10 + digit;
      }
      return i < values.length ? i : -1;
    }

    @Override
    public Object get(String name) {
      int i = valueIndex(name);
      Object o;
      if (i >= 0) {
        o = values[i];
      } else {
        o = named.get(name);
        if (o == null && !named.containsKey(name)) {
          // Calcite's context holds these two only as internal parameters: null when the execution has none.
          if (name.equals(Variable.CANCEL_FLAG.camelName)) {
            return cancelFlag;
          }
          if (name.equals(Variable.TIMEOUT.camelName)) {
            return timeout;
          }
          return full().get(name);
        }
      }
      return o == AvaticaSite.DUMMY_VALUE ? null : o;
    }

    private DataContext full() {
      DataContext d = made;
      if (d == null) {
        synchronized (this) {
          d = made;
          if (d == null) {
            d = full.get();
            made = d;
          }
        }
      }
      return d;
    }

    @Override
    public SchemaPlus getRootSchema() {
      return schema == null ? null : schema.plus();
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
      return connection.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
      return connection;
    }
  }
}
