package dev.cascade.server;

import dev.cascade.server.ServerConfig.Serialization;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Test helpers: loopback servers on a free port and Avatica remote connections to them. Stateless. */
final class TestServers {
  private TestServers() {
  }

  /** A loopback configuration on a free port, no authentication, no TLS. */
  static ServerConfig config(Path dataDir, Serialization serialization) {
    return new ServerConfig(dataDir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
        serialization, false, Map.of("durability", "none"));
  }

  /** Starts a loopback server on a free port. */
  static CascadeServer start(Path dataDir, Serialization serialization) {
    return CascadeServer.start(config(dataDir, serialization));
  }

  /** The plain Avatica URL for {@code server}. */
  static String avaticaUrl(CascadeServer server, Serialization serialization) {
    return "jdbc:avatica:remote:url=" + server.url() + ";serialization="
        + serialization.name().toLowerCase(Locale.ROOT);
  }

  /** A plain Avatica remote connection. */
  static Connection connect(CascadeServer server, Serialization serialization) throws SQLException {
    return DriverManager.getConnection(avaticaUrl(server, serialization), new Properties());
  }
}
