package dev.cascade.server;

/**
 * Every bound the server enforces, in one place (jdbc-server/docs/server.md lists them with their reasons). A
 * request beyond a bound gets an Avatica error response naming the bound; the server keeps serving.
 *
 * <p>Immutable (constants only).
 */
public final class ServerLimits {
  /** Open JDBC connections across all clients; one more is refused (SQLSTATE 53300). */
  public static final int CONNECTIONS_MAX = 256;
  /** A connection unused for this long is closed by the server (its statements with it). */
  public static final long CONNECTION_IDLE_EXPIRY_MINUTES = 10;
  /** Open statements across all connections (beyond this the least recently used one is closed). */
  public static final long STATEMENTS_MAX = 16_384;
  /** A statement unused for this long is closed by the server. */
  public static final long STATEMENT_IDLE_EXPIRY_MINUTES = 5;
  /** Largest request body read; a longer one is refused before it is decoded. */
  public static final int REQUEST_BODY_BYTES_MAX = 16 << 20;
  /** Rows in one frame of a result (first frame and each fetch); clients fetch the rest frame by frame. */
  public static final int FRAME_ROWS_MAX = 10_000;
  /** Statement timeout the server sets on every statement it runs. */
  public static final int QUERY_TIMEOUT_SECONDS = 300;
  /** Jetty request threads; requests beyond them wait in Jetty's queue. */
  public static final int HTTP_THREADS_MAX = 200;
  /** Open TCP connections to the HTTP listener; beyond them Jetty stops accepting until one closes. */
  public static final int HTTP_CONNECTIONS_MAX = 1024;
  /** An idle TCP connection to the listener is closed after this long. */
  public static final long HTTP_IDLE_TIMEOUT_MILLIS = 60_000;

  private ServerLimits() {
  }
}
