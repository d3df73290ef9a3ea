package dev.cascade.server;

/**
 * The Avatica server over the one Cascade engine of the process (issue 5; the {@code server} helper implements it).
 *
 * <p>Thread-safe: {@link #start} returns a running server; {@link #close} may be called from any thread (a shutdown
 * hook does) and closes the HTTP listener, then the store.
 */
public final class CascadeServer implements AutoCloseable {

  private CascadeServer() {}

  /**
   * Validates the configuration (clear message naming the problem, as {@link IllegalArgumentException}), opens the
   * store and starts listening. Returns once the port is bound.
   */
  public static CascadeServer start(ServerConfig config) {
    throw new UnsupportedOperationException("server helper implements this");
  }

  /** The bound port. */
  public int port() {
    throw new UnsupportedOperationException();
  }

  /** {@code http://host:port} or {@code https://host:port}: what {@code jdbc:cascade:remote:url=} takes. */
  public String url() {
    throw new UnsupportedOperationException();
  }

  /** Blocks until {@link #close()} runs. */
  public void join() throws InterruptedException {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
