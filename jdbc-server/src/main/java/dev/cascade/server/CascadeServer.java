package dev.cascade.server;

import dev.cascade.engine.Options;
import dev.cascade.sql.CascadeDriver;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.StoreRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Constraint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Avatica server over the one Cascade engine of the process: Avatica's {@link HttpServer} (Jetty) with a
 * {@link LocalService} over {@link CascadeJdbcMeta}, which opens {@code jdbc:cascade:} connections to the store.
 * The server holds one embedded connection of its own for its whole life, so the store stays open between
 * clients and closes when the server does. Reference: jdbc-server/docs/server.md.
 *
 * <p>Thread-safe: {@link #start} returns a running server; {@link #close} may be called from any thread (a shutdown
 * hook does) and closes the HTTP listener, then every client connection, then the store.
 */
public final class CascadeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeServer.class);
  /** Jetty's role wildcard: any authenticated user (the users file has no roles). */
  private static final String[] ANY_AUTHENTICATED = {Constraint.ANY_AUTH};

  private final HttpServer http;
  private final CascadeJdbcMeta meta;
  private final Connection anchor;
  private final String url;
  private final Path dataDir;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile Thread shutdownHook;

  private CascadeServer(HttpServer http, CascadeJdbcMeta meta, Connection anchor, String url, Path dataDir) {
    this.http = http;
    this.meta = meta;
    this.anchor = anchor;
    this.url = url;
    this.dataDir = dataDir;
  }

  /**
   * Validates the configuration (clear message naming the problem, as {@link IllegalArgumentException}), opens the
   * store and starts listening. Returns once the port is bound. A store that cannot be opened or a port that
   * cannot be bound is an {@link IllegalStateException} naming the directory or address.
   */
  public static CascadeServer start(ServerConfig config) {
    StartChecks checks = StartChecks.run(config);
    CascadeJdbcMeta meta;
    Connection anchor;
    try {
      meta = new CascadeJdbcMeta(storeUrl(config));
      anchor = meta.openAnchor();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the store " + config.dataDir() + ": " + e.getMessage(), e);
    }
    Service service = SqlStateService.wrap(new LocalService(meta));
    HttpServer http = null;
    try {
      http = build(config, checks, service);
      http.start();
    } catch (RuntimeException e) {
      if (http != null) {
        stopQuietly(http);
      }
      meta.closeAll();
      closeQuietly(anchor);
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
          + rootMessage(e), e);
    }
    CascadeServer server = new CascadeServer(http, meta, anchor, url(checks, config.host(), http.getPort()),
        config.dataDir());
    LOG.info("Cascade server listening on {} ({}, auth: {}, tls: {}, store: {})", server.url,
        config.serialization().name().toLowerCase(Locale.ROOT), authDescription(config, checks),
        checks.tls().isPresent() ? "on" : "off", config.dataDir().toAbsolutePath());
    return server;
  }

  /** Stops Jetty after a failed start (its thread pool is already running). */
  private static void stopQuietly(HttpServer http) {
    try {
      http.stop();
    } catch (RuntimeException e) {
      LOG.debug("stopping a server that failed to start: {}", e.toString());
    }
  }

  /** {@code jdbc:cascade:<dir>[;k=v...]}: the server's store and settings. */
  static String storeUrl(ServerConfig config) {
    StringBuilder sb = new StringBuilder(CascadeDriver.PREFIX).append(config.dataDir().toAbsolutePath());
    for (Map.Entry<String, String> e : config.storeSettings().entrySet()) {
      sb.append(';').append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.toString();
  }

  private static HttpServer build(ServerConfig config, StartChecks checks, Service service) {
    CascadeHttpHandler handler = new CascadeHttpHandler(AvaticaEndpoint.of(config.serialization(), service));
    HttpServer.Builder<Server> b = HttpServer.Builder.<Server>newBuilder()
        .withPort(config.port())
        .withHandler(handler)
        .withServerCustomizers(List.of(listenOn(checks.address())), Server.class);
    checks.users().ifPresent(users -> {
      String file = users.path().toAbsolutePath().toString();
      switch (config.authentication()) {
        case BASIC -> b.withBasicAuthentication(file, ANY_AUTHENTICATED);
        case DIGEST -> b.withDigestAuthentication(file, ANY_AUTHENTICATED);
      }
    });
    checks.tls().ifPresent(tls -> {
      java.io.File ks = tls.keystore().toFile();
      b.withTLS(ks, tls.password(), ks, tls.password(), TlsKeystore.TYPE);
    });
    return b.build();
  }

  /** Binds Avatica's connector to the configured address and bounds the open TCP connections. */
  private static ServerCustomizer<Server> listenOn(InetAddress address) {
    return server -> {
      for (Connector c : server.getConnectors()) {
        if (c instanceof ServerConnector sc) {
          sc.setHost(address.getHostAddress());
          sc.setIdleTimeout(ServerLimits.HTTP_IDLE_TIMEOUT_MILLIS);
        }
      }
      server.addBean(new ConnectionLimit(ServerLimits.HTTP_CONNECTIONS_MAX, server));
    };
  }

  private static String url(StartChecks checks, String host, int port) {
    String scheme = checks.tls().isPresent() ? "https" : "http";
    InetAddress a = checks.address();
    String h = a.isAnyLocalAddress() ? "127.0.0.1" : host.strip();
    if (a instanceof Inet6Address && !a.isAnyLocalAddress() && !h.startsWith("[") && h.indexOf(':') >= 0) {
      h = "[" + h + "]";
    }
    return scheme + "://" + h + ":" + port;
  }

  private static String authDescription(ServerConfig config, StartChecks checks) {
    return checks.users().map(u -> config.authentication().name().toLowerCase(Locale.ROOT) + " ("
        + u.users().size() + " users from " + u.path() + ")").orElse(config.insecure() ? "none, insecure" : "none");
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.toString();
  }

  /** The bound port. */
  public int port() {
    return http.getPort();
  }

  /** {@code http://host:port} or {@code https://host:port}: what {@code jdbc:cascade:remote:url=} takes. */
  public String url() {
    return url;
  }

  /** Blocks until {@link #close()} runs. */
  public void join() throws InterruptedException {
    closed.await();
  }

  /**
   * Closes the server when the JVM is asked to stop (SIGTERM, SIGINT, System.exit), so the store is closed cleanly;
   * for whatever runs the server in the foreground. Idempotent.
   */
  public synchronized CascadeServer installShutdownHook() {
    if (shutdownHook == null) {
      shutdownHook = new Thread(() -> {
        LOG.info("Cascade server shutting down (signal)");
        close();
      }, "cascade-server-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
    return this;
  }

  /** Stops listening, closes every client connection and the store. Idempotent; later calls return at once. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      http.stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the HTTP listener failed", e);
    }
    meta.closeAll();
    flushStore();
    closeQuietly(anchor);
    removeShutdownHook();
    LOG.info("Cascade server on {} closed; store closed", url);
    closed.countDown();
  }

  /**
   * Writes the memtables to SSTs while the server still holds the store, so the next open has no write-ahead log
   * to replay (the engine's close leaves the memtables in the WAL). A failure only costs that replay.
   */
  private void flushStore() {
    try {
      SqlStore store = StoreRegistry.acquire(dataDir, Options.defaults()); // the open store; options ignored
      try {
        store.db().flush();
      } finally {
        StoreRegistry.release(store);
      }
    } catch (RuntimeException e) {
      LOG.warn("flushing the store before closing it failed (the next open replays its log)", e);
    }
  }

  private void removeShutdownHook() {
    Thread hook = shutdownHook;
    if (hook != null && hook != Thread.currentThread()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down; the hook runs or has run.
      }
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.warn("closing the store failed", e);
    }
  }
}
