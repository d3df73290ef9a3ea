package dev.cascade.sql;

import dev.cascade.sql.dml.CascadePrepare;
import dev.cascade.sql.jdbc.CascadeMeta;
import dev.cascade.sql.jdbc.ConnectionSettings;
import dev.cascade.sql.jdbc.SqlErrors;
import dev.cascade.sql.jdbc.TranslatingProxy;
import dev.cascade.sql.sys.SysSchema;
import dev.cascade.sql.jdbc.StoreSettings;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.avatica.Handler;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The embedded driver: {@code jdbc:cascade:<dir>[;key=value...]} (settings: {@link ConnectionSettings}; the
 * reference is {@code sql-adapter/docs/sql.md}). One engine per directory per process, shared by its connections
 * ({@link StoreRegistry}); each connection holds one reference, released when it closes, so the last close closes
 * the store. Tables live in schema {@code PUBLIC} (the default schema); the system tables in {@code SYS}. The
 * connections it returns translate every error into a standard SQLSTATE ({@link SqlErrors}) and keep autocommit
 * on. {@code jdbc:cascade:remote:...} belongs to the remote client and is not accepted here.
 *
 * <p>Thread-safe.
 */
public class CascadeDriver extends org.apache.calcite.jdbc.Driver {
  public static final String PREFIX = "jdbc:cascade:";
  public static final String REMOTE_PREFIX = "jdbc:cascade:remote:";
  public static final String SCHEMA = "PUBLIC";
  public static final String SYS_SCHEMA = SysSchema.NAME;
  /** The parser factory every connection uses: Cascade's DDL grammar. */
  static final String PARSER_FACTORY = "dev.cascade.sql.ddl.CascadeDdlExecutor#PARSER_FACTORY";

  /** The store each open connection holds a reference to; released by the handler when it closes. */
  private static final Map<AvaticaConnection, SqlStore> STORES = new ConcurrentHashMap<>();

  static {
    new CascadeDriver().register();
  }

  public CascadeDriver() {
    super(CascadePrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Cascade JDBC Driver", "0.1.0", "Cascade", "0.1.0", true, 0, 1, 0, 1);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX) && !url.startsWith(REMOTE_PREFIX);
  }

  /** The settings a client may give (tools list them from here): Cascade's and the safe Calcite ones. */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    List<DriverPropertyInfo> out = new ArrayList<>();
    for (String name : new TreeSet<>(StoreSettings.NAMES)) {
      out.add(propertyInfo(name, info, "Cascade store setting (see sql-adapter/docs/sql.md)"));
    }
    for (String name : new TreeSet<>(ConnectionSettings.CALCITE_SAFE)) {
      out.add(propertyInfo(name, info, "Calcite SQL-reading setting"));
    }
    return out.toArray(new DriverPropertyInfo[0]);
  }

  private static DriverPropertyInfo propertyInfo(String name, Properties info, String description) {
    DriverPropertyInfo p = new DriverPropertyInfo(name, info == null ? null : info.getProperty(name));
    p.description = description;
    if (name.equals(StoreSettings.DURABILITY)) {
      p.choices = new String[] {"sync", "buffered", "none"};
    }
    return p;
  }

  @Override
  protected Handler createHandler() {
    return new ReleasingHandler(super.createHandler());
  }

  /** Calcite's factory, with connections that parse their properties once ({@code CascadeJdbcFactory}). */
  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return "org.apache.calcite.jdbc.CascadeJdbcFactory";
  }

  @Override
  public Meta createMeta(AvaticaConnection connection) {
    return new CascadeMeta(connection);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    ConnectionSettings settings = ConnectionSettings.parse(PREFIX, url, info);
    SqlStore store = StoreRegistry.acquire(settings.directory(), settings.store());
    Connection c = null;
    try {
      Properties p = settings.calcite();
      p.setProperty("parserFactory", PARSER_FACTORY);
      c = super.connect(PREFIX, p);
      STORES.put((AvaticaConnection) c, store);
      CalciteConnection cc = c.unwrap(CalciteConnection.class);
      mount(cc.getRootSchema(), store);
      cc.setSchema(SCHEMA);
      cc.setAutoCommit(true);
      return TranslatingProxy.wrap(cc);
    } catch (SQLException | RuntimeException e) {
      if (c != null) {
        c.close(); // releases the store through the handler
      } else {
        StoreRegistry.release(store);
      }
      throw e instanceof SQLException s && s.getSQLState() != null ? s : SqlErrors.translate(e);
    }
  }

  private static void mount(SchemaPlus root, SqlStore store) {
    CascadeSchema schema = new CascadeSchema(store, SCHEMA);
    SchemaPlus s = root.add(SCHEMA, schema);
    s.setCacheEnabled(false);
    SchemaPlus sys = root.add(SYS_SCHEMA, schema.sys());
    sys.setCacheEnabled(false);
  }

  /**
   * Calcite's handler plus the release of the connection's store reference when it closes.
   *
   * <p>Thread-safe.
   */
  private static final class ReleasingHandler implements Handler {
    private final Handler calcite;

    ReleasingHandler(Handler calcite) {
      this.calcite = calcite;
    }

    @Override
    public void onConnectionInit(AvaticaConnection connection) throws SQLException {
      calcite.onConnectionInit(connection);
    }

    @Override
    public void onConnectionClose(AvaticaConnection connection) {
      try {
        calcite.onConnectionClose(connection);
      } finally {
        SqlStore store = STORES.remove(connection);
        if (store != null) {
          StoreRegistry.release(store);
        }
      }
    }

    @Override
    public void onStatementExecute(org.apache.calcite.avatica.AvaticaStatement statement, ResultSink resultSink) {
      calcite.onStatementExecute(statement, resultSink);
    }

    @Override
    public void onStatementClose(org.apache.calcite.avatica.AvaticaStatement statement) {
      calcite.onStatementClose(statement);
    }
  }
}
