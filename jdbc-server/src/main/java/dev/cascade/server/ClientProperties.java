package dev.cascade.server;

import dev.cascade.sql.jdbc.ConnectionSettings;
import dev.cascade.sql.jdbc.StoreSettings;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whitelist of connection properties a remote client may send with {@code OpenConnection}. Stock
 * {@code JdbcMeta} passes them all to the driver, so a remote {@code model=} or {@code parserFactory=} would make
 * the server load classes of the client's choosing; here only the Calcite settings that change how SQL is read
 * ({@link ConnectionSettings#CALCITE_SAFE}) reach the driver, {@code user} and {@code password} are accepted and
 * dropped (authentication happens in HTTP), and Avatica's own client-side settings are dropped (its remote driver
 * keeps them to itself, but another client may pass them on). Store settings ({@code shards}, {@code durability}, ...) are the server's and are refused,
 * as is anything else, with the key named.
 *
 * <p>Stateless.
 */
final class ClientProperties {
  /** Avatica remote-driver settings (transport, HTTP authentication): meaningless to the server, dropped. */
  static final Set<String> AVATICA_CLIENT_SIDE = Set.of("url", "serialization", "authentication",
      "avatica_user", "avatica_password", "httpclient_impl", "httpclient_factory", "truststore",
      "truststore_password", "keystore", "keystore_password", "key_password", "hostname_verification",
      "transparent_reconnection", "fetch_size", "use_client_side_fetch", "principal", "keytab");
  /** Accepted and not passed on. */
  static final Set<String> DROPPED = Set.of("user", "password");

  private ClientProperties() {
  }

  /**
   * The properties to pass to the embedded driver, or a refusal naming the first key that is not allowed (thrown
   * as a RuntimeException around an SQLException with SQLSTATE 08001, like the embedded driver's refusals).
   */
  static Map<String, String> check(Map<String, String> info) {
    Map<String, String> accepted = new LinkedHashMap<>();
    if (info == null) {
      return accepted;
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(info).entrySet()) {
      String key = e.getKey();
      if (isPassedToDriver(key)) {
        accepted.put(canonical(key), e.getValue());
      } else if (!ignoredCaseless(DROPPED, key) && !AVATICA_CLIENT_SIDE.contains(key)) {
        throw new RuntimeException(refusal(key));
      }
    }
    return accepted;
  }

  /** Whether {@code key} is one of the Calcite settings a client may set. */
  static boolean isPassedToDriver(String key) {
    return canonical(key) != null;
  }

  private static String canonical(String key) {
    for (String n : ConnectionSettings.CALCITE_SAFE) {
      if (n.equalsIgnoreCase(key)) {
        return n;
      }
    }
    return null;
  }

  private static boolean ignoredCaseless(Set<String> names, String key) {
    for (String n : names) {
      if (n.equalsIgnoreCase(key)) {
        return true;
      }
    }
    return false;
  }

  private static SQLException refusal(String key) {
    String why = StoreSettings.canonicalName(key) != null
        ? "it is a store setting, which the server's operator chooses when starting the server"
        : "a remote client may only set " + String.join(", ", new TreeSet<>(ConnectionSettings.CALCITE_SAFE))
            + ", user and password";
    return new SQLNonTransientConnectionException("connection property '" + key + "' is not accepted by the "
        + "Cascade server: " + why, "08001");
  }
}
