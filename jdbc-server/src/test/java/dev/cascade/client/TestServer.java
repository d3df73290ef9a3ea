package dev.cascade.client;

import dev.cascade.server.CascadeServer;
import dev.cascade.server.ServerConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CascadeServer} on a free loopback port over its own store directory, for the client tests. Owned by one
 * test class; closing it closes the store.
 */
final class TestServer implements AutoCloseable {
  private final CascadeServer server;

  private TestServer(CascadeServer server) {
    this.server = server;
  }

  static TestServer start(Path dir, String serialization) {
    return start(dir, serialization, null, null);
  }

  /** With {@code authentication} BASIC or DIGEST, users come from {@code usersFile} ({@code name: password}). */
  static TestServer start(Path dir, String serialization, String authentication, Path usersFile) {
    ServerConfig config = new ServerConfig(dir, "127.0.0.1", 0, Optional.ofNullable(usersFile), Optional.empty(),
        Optional.empty(), ServerConfig.Serialization.valueOf(serialization.toUpperCase(Locale.ROOT)), false,
        Map.of("durability", "buffered"));
    if (authentication != null) {
      config = config.withAuthentication(ServerConfig.Authentication.valueOf(authentication));
    }
    return new TestServer(CascadeServer.start(config));
  }

  /** {@code jdbc:cascade:remote:url=http://127.0.0.1:PORT;serialization=S}. */
  String clientUrl(String serialization) {
    return "jdbc:cascade:remote:url=" + server.url() + ";serialization=" + serialization;
  }

  String httpUrl() {
    return server.url();
  }

  @Override
  public void close() {
    server.close();
  }
}
