package dev.cascade.server;

import dev.cascade.sql.jdbc.StoreSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks {@link CascadeServer#start} runs on a {@link ServerConfig} before touching the store or the network,
 * each failing with an {@link IllegalArgumentException} that names the problem and, where there is one, the fix.
 *
 * <p>Immutable.
 *
 * @param address the resolved listen address
 * @param users the checked users file, if authentication is on
 * @param tls the opened keystore, if TLS is on
 */
record StartChecks(InetAddress address, Optional<UsersFile> users, Optional<TlsKeystore> tls) {
  static final int PORT_MAX = 65_535;

  /** Runs every check on {@code config}. */
  static StartChecks run(ServerConfig config) {
    Objects.requireNonNull(config, "config");
    require(config.dataDir() != null, "no data directory given");
    require(config.serialization() != null, "no serialization given (protobuf or json)");
    require(config.authentication() != null, "no authentication scheme given (BASIC or DIGEST)");
    require(config.port() >= 0 && config.port() <= PORT_MAX,
        "port " + config.port() + " is out of range (0 to " + PORT_MAX + "; 0 picks a free port)");
    checkStoreSettings(config.storeSettings());
    InetAddress address = resolve(config.host());
    Optional<UsersFile> users = config.usersFile().map(UsersFile::read);
    if (!address.isLoopbackAddress() && users.isEmpty() && !config.insecure()) {
      throw new IllegalArgumentException("refusing to listen on " + config.host() + " (" + address.getHostAddress()
          + "), which is not a loopback address, without authentication: anyone who can reach it could read and "
          + "change every table. Give --users FILE (and --keystore with --keystore-password-file for TLS), or "
          + "--insecure to accept that risk");
    }
    return new StartChecks(address, users, tls(config));
  }

  private static Optional<TlsKeystore> tls(ServerConfig config) {
    if (config.keystore().isPresent() != config.keystorePasswordFile().isPresent()) {
      throw new IllegalArgumentException(config.keystore().isPresent()
          ? "a keystore was given without a keystore password file (--keystore-password-file FILE, whose first "
              + "line is the password)"
          : "a keystore password file was given without a keystore (--keystore FILE, PKCS12)");
    }
    return config.keystore().map(k -> TlsKeystore.open(k, config.keystorePasswordFile().orElseThrow()));
  }

  private static void checkStoreSettings(Map<String, String> settings) {
    require(settings != null, "no store settings map given (use an empty map)");
    for (String key : settings.keySet()) {
      require(StoreSettings.canonicalName(key) != null, "unknown store setting '" + key + "' (known: "
          + String.join(", ", new java.util.TreeSet<>(StoreSettings.NAMES)) + ")");
      String value = settings.get(key);
      require(value != null && value.indexOf(';') < 0, "store setting " + key + " has an invalid value '" + value
          + "'");
    }
  }

  private static InetAddress resolve(String host) {
    require(host != null && !host.isBlank(), "no host given (e.g. 127.0.0.1, or 0.0.0.0 for every interface)");
    try {
      return InetAddress.getByName(host.strip());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve the host '" + host + "' to listen on: " + e.getMessage(),
          e);
    }
  }

  private static void require(boolean ok, String problem) {
    if (!ok) {
      throw new IllegalArgumentException(problem);
    }
  }
}
