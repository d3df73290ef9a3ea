package dev.cascade.client;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * The connection properties of a {@code jdbc:cascade:remote:} connection: Avatica's remote properties with Cascade's
 * defaults where Avatica's differ.
 *
 * <ul>
 *   <li>{@code url} is required (Avatica would otherwise fall back to a mock service that answers nothing).
 *   <li>{@code serialization} defaults to {@code protobuf} (Avatica's default is JSON); {@code protobuf} and
 *       {@code json} are accepted in any case.
 *   <li>{@code user} and {@code password} (from the URL or {@code DriverManager.getConnection(url, user, pw)}) are
 *       used for HTTP authentication unless {@code avatica_user} / {@code avatica_password} are given; with a user,
 *       {@code authentication} defaults to {@code BASIC} (set {@code authentication=DIGEST} for a DIGEST server).
 * </ul>
 *
 * <p>Property names match case-insensitively, as in Avatica. Stateless.
 */
final class ClientProperties {
  static final String URL = "url";
  static final String SERIALIZATION = "serialization";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String AVATICA_USER = "avatica_user";
  static final String AVATICA_PASSWORD = "avatica_password";
  static final String AUTHENTICATION = "authentication";

  private ClientProperties() {}

  /** A copy of {@code info} with the defaults above applied; fails naming the problem on a missing url or bad value. */
  static Properties withDefaults(Properties info) throws SQLException {
    Properties p = new Properties();
    for (String name : info.stringPropertyNames()) {
      p.setProperty(name, info.getProperty(name));
    }
    if (get(p, URL) == null) {
      throw new SQLException("jdbc:cascade:remote: needs the server address: "
          + "jdbc:cascade:remote:url=http://HOST:PORT", "08001");
    }
    String serialization = get(p, SERIALIZATION);
    if (serialization == null) {
      p.setProperty(SERIALIZATION, "protobuf");
    } else if (!serialization.equalsIgnoreCase("protobuf") && !serialization.equalsIgnoreCase("json")) {
      throw new SQLException("jdbc:cascade:remote: serialization must be protobuf or json, not '" + serialization
          + "'", "08001");
    }
    copyIfAbsent(p, USER, AVATICA_USER);
    copyIfAbsent(p, PASSWORD, AVATICA_PASSWORD);
    String authentication = get(p, AUTHENTICATION);
    if (authentication != null) {
      remove(p, AUTHENTICATION);
      p.setProperty(AUTHENTICATION, authentication.toUpperCase(Locale.ROOT)); // Avatica's enum is upper case
    } else if (get(p, AVATICA_USER) != null) {
      p.setProperty(AUTHENTICATION, "BASIC");
    }
    return p;
  }

  private static void copyIfAbsent(Properties p, String from, String to) {
    String value = get(p, from);
    if (value != null && get(p, to) == null) {
      p.setProperty(to, value);
    }
  }

  private static void remove(Properties p, String name) {
    p.stringPropertyNames().stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(name)).forEach(p::remove);
  }

  /** The value of {@code name}, matched case-insensitively; null if absent. */
  static String get(Properties p, String name) {
    for (String key : p.stringPropertyNames()) {
      if (key.toLowerCase(Locale.ROOT).equals(name)) {
        return p.getProperty(key);
      }
    }
    return null;
  }
}
