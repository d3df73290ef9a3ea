package dev.cascade.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link CascadeServer#start} needs; the launcher's {@code cascade server} flags map onto it one to one.
 *
 * <p>Immutable.
 *
 * @param dataDir store directory (created if missing)
 * @param host address to listen on; a non-loopback address requires {@code usersFile} unless {@code insecure}
 * @param port TCP port; 0 picks a free one ({@link CascadeServer#port()} tells which)
 * @param usersFile BASIC/DIGEST users file (format in jdbc-server/docs/server.md); empty: no authentication
 * @param keystore PKCS12 keystore for TLS; empty: plain HTTP
 * @param keystorePasswordFile file whose first line is the keystore password; required with {@code keystore}
 * @param serialization wire format
 * @param insecure allow a non-loopback address without authentication
 * @param storeSettings engine settings as the embedded driver accepts them (shards, durability, cacheBytes, ...)
 * @param authentication HTTP authentication scheme used with {@code usersFile} (BASIC unless chosen)
 */
public record ServerConfig(
    Path dataDir,
    String host,
    int port,
    Optional<Path> usersFile,
    Optional<Path> keystore,
    Optional<Path> keystorePasswordFile,
    Serialization serialization,
    boolean insecure,
    Map<String, String> storeSettings,
    Authentication authentication) {

  /** The launcher's constructor: BASIC authentication when a users file is given. */
  public ServerConfig(Path dataDir, String host, int port, Optional<Path> usersFile, Optional<Path> keystore,
      Optional<Path> keystorePasswordFile, Serialization serialization, boolean insecure,
      Map<String, String> storeSettings) {
    this(dataDir, host, port, usersFile, keystore, keystorePasswordFile, serialization, insecure, storeSettings,
        Authentication.BASIC);
  }

  /** HTTP authentication schemes for the users file (Avatica clients say which with {@code authentication=}). */
  public enum Authentication { BASIC, DIGEST }

  /** This configuration with {@code authentication} as the scheme. */
  public ServerConfig withAuthentication(Authentication scheme) {
    return new ServerConfig(dataDir, host, port, usersFile, keystore, keystorePasswordFile, serialization, insecure,
        storeSettings, scheme);
  }

  /** Wire formats Avatica speaks. */
  public enum Serialization { PROTOBUF, JSON }

  /** Loopback defaults: {@code ./cascade-data}, 127.0.0.1:8765, protobuf, no authentication, no TLS. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig(dataDir, "127.0.0.1", 8765, Optional.empty(), Optional.empty(), Optional.empty(),
        Serialization.PROTOBUF, false, Map.of());
  }
}
