package dev.cascade.server;

import dev.cascade.sql.CascadeDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's {@link JdbcMeta} over the embedded {@code jdbc:cascade:} driver of this process, with the server's
 * rules on top: client connection properties are whitelisted ({@link ClientProperties}), the number of open
 * connections is bounded, every statement gets the server's query timeout, and no frame holds more than
 * {@link ServerLimits#FRAME_ROWS_MAX} rows. The store URL (directory and store settings) is the server's; a
 * client cannot change it.
 *
 * <p>Thread-safe: Avatica calls it from any request thread; connections open in parallel, counted under a lock so
 * the bound holds.
 */
final class CascadeJdbcMeta extends JdbcMeta {
  private final String storeUrl;
  private final int connectionsMax;
  private final int queryTimeoutSeconds;
  private final CascadeDriver driver = new CascadeDriver();
  /** Guards {@link #opening} and the check of the bound. */
  private final Object openLock = new Object();
  /** Connections being opened (not yet in the connection cache); guarded by {@link #openLock}. */
  private int opening;

  CascadeJdbcMeta(String storeUrl) throws SQLException {
    this(storeUrl, ServerLimits.CONNECTIONS_MAX, ServerLimits.QUERY_TIMEOUT_SECONDS);
  }

  /** With other bounds than {@link ServerLimits}' (tests). */
  CascadeJdbcMeta(String storeUrl, int connectionsMax, int queryTimeoutSeconds) throws SQLException {
    super(storeUrl, cacheSettings());
    this.storeUrl = storeUrl;
    this.connectionsMax = connectionsMax;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
  }

  /** Connection and statement cache bounds, as JdbcMeta reads them from its properties. */
  private static Properties cacheSettings() {
    Properties p = new Properties();
    // The cache's own size bound evicts (closes) the least recently used connection; keep it above ours so a
    // client over the limit is refused instead of another client losing its connection.
    p.setProperty(ConnectionCacheSettings.MAX_CAPACITY.key(), Integer.toString(ServerLimits.CONNECTIONS_MAX * 2));
    p.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(),
        Long.toString(ServerLimits.CONNECTION_IDLE_EXPIRY_MINUTES));
    p.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MINUTES.name());
    p.setProperty(StatementCacheSettings.MAX_CAPACITY.key(), Long.toString(ServerLimits.STATEMENTS_MAX));
    p.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(),
        Long.toString(ServerLimits.STATEMENT_IDLE_EXPIRY_MINUTES));
    p.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), TimeUnit.MINUTES.name());
    return p;
  }

  /** Opens the embedded connection the server itself holds for its lifetime (keeps the store open). */
  Connection openAnchor() throws SQLException {
    return createConnection(storeUrl, new Properties());
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    Map<String, String> accepted = ClientProperties.check(info);
    reserve();
    try {
      super.openConnection(ch, accepted);
    } finally {
      synchronized (openLock) {
        opening--;
      }
    }
  }

  /** Counts one connection being opened, or refuses it when open plus opening ones reach the bound. */
  private void reserve() {
    synchronized (openLock) {
      getConnectionCache().cleanUp();
      long open = getConnectionCache().size() + opening;
      if (open >= connectionsMax) {
        throw new RuntimeException(new SQLNonTransientConnectionException("too many connections: the server "
            + "allows " + connectionsMax + " open connections and " + open + " are open; close "
            + "unused connections (idle ones expire after " + ServerLimits.CONNECTION_IDLE_EXPIRY_MINUTES
            + " minutes)", "53300"));
      }
      opening++;
    }
  }

  /** Ignores JdbcMeta's merged properties (its cache settings) and passes only the accepted client ones. */
  @Override
  protected Connection createConnection(String url, Properties info) throws SQLException {
    Properties props = new Properties();
    for (String key : info.stringPropertyNames()) {
      if (ClientProperties.isPassedToDriver(key)) {
        props.setProperty(key, info.getProperty(key));
      }
    }
    Connection c = driver.connect(storeUrl, props);
    if (c == null) {
      throw new SQLException("the embedded driver did not accept " + storeUrl, "08001");
    }
    return QueryTimeoutConnection.wrap(c, queryTimeoutSeconds);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    return super.prepareAndExecute(h, sql, maxRowCount, frameRows(maxRowsInFirstFrame), callback);
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, frameRows(-1), callback);
  }

  @Override
  public ExecuteResult execute(StatementHandle h, java.util.List<TypedValue> parameterValues,
      int maxRowsInFirstFrame) throws NoSuchStatementException {
    return super.execute(h, parameterValues, frameRows(maxRowsInFirstFrame));
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult execute(StatementHandle h, java.util.List<TypedValue> parameterValues, long maxRowCount)
      throws NoSuchStatementException {
    return execute(h, parameterValues, frameRows(-1));
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    return super.fetch(h, offset, frameRows(fetchMaxRowCount));
  }

  /** A frame size within the bound: "unlimited" (negative or zero) and anything larger become the bound. */
  static int frameRows(int requested) {
    return requested <= 0 || requested > ServerLimits.FRAME_ROWS_MAX ? ServerLimits.FRAME_ROWS_MAX : requested;
  }

  /** Closes every client connection (the store stays open while the anchor connection does). */
  void closeAll() {
    getStatementCache().invalidateAll();
    getConnectionCache().invalidateAll();
    getStatementCache().cleanUp();
    getConnectionCache().cleanUp();
  }

  /** Open client connections (for tests and the log). */
  long openConnections() {
    getConnectionCache().cleanUp();
    return getConnectionCache().size();
  }

  /** The server-side connection of a client, or null (tests). */
  Connection connection(String id) {
    return getConnectionCache().getIfPresent(id);
  }
}
