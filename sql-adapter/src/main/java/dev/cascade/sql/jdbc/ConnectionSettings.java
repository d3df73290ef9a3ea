package dev.cascade.sql.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.calcite.avatica.BuiltInConnectionProperty;
import org.apache.calcite.avatica.ConnectStringParser;
import org.apache.calcite.config.CalciteConnectionProperty;

/**
 * What a {@code jdbc:cascade:<dir>[;key=value...]} URL and its {@link Properties} ask for, checked against a
 * whitelist: Cascade's own store settings ({@link StoreSettings}), a few Calcite settings that only change how SQL
 * is read ({@link #CALCITE_SAFE}), and {@code user}/{@code password}, which are accepted and ignored. Every other
 * Calcite or Avatica property is refused, because it would let a client choose classes, models or schemas the
 * process loads; anything else is refused as unknown. URL settings override the {@code Properties} argument.
 *
 * <p>Immutable.
 */
public final class ConnectionSettings {
  /** Calcite connection properties a client may set: parsing and session settings only. */
  public static final Set<String> CALCITE_SAFE = Set.of("lex", "caseSensitive", "quoting", "quotedCasing",
      "unquotedCasing", "conformance", "timeZone", "locale", "defaultNullCollation");
  /** Accepted and ignored (there are no users yet; DriverManager passes them anyway). */
  public static final Set<String> IGNORED = Set.of("user", "password");

  private final Path directory;
  private final StoreSettings store;
  private final Properties calcite;

  private ConnectionSettings(Path directory, StoreSettings store, Properties calcite) {
    this.directory = directory;
    this.store = store;
    this.calcite = calcite;
  }

  /** Parses {@code url} (which must start with {@code prefix}) and {@code info}. */
  public static ConnectionSettings parse(String prefix, String url, Properties info) throws SQLException {
    String rest = url.substring(prefix.length());
    int semi = rest.indexOf(';');
    String dir = (semi < 0 ? rest : rest.substring(0, semi)).strip();
    if (dir.isEmpty()) {
      throw SqlErrors.connectionError("the URL names no store directory (expected " + prefix
          + "<directory>[;key=value...]): " + url, null);
    }
    Properties all = new Properties();
    if (info != null) {
      all.putAll(info);
    }
    if (semi >= 0) {
      try {
        all.putAll(ConnectStringParser.parse(rest.substring(semi + 1)));
      } catch (SQLException e) {
        throw SqlErrors.connectionError("malformed settings in the URL " + url + ": " + e.getMessage(), e);
      }
    }
    Path directory = Path.of(dir);
    Map<String, String> storeSettings = new LinkedHashMap<>();
    Properties calcite = new Properties();
    for (String key : all.stringPropertyNames()) {
      classify(key, all.getProperty(key), storeSettings, calcite);
    }
    return new ConnectionSettings(directory, StoreSettings.parse(directory, storeSettings), calcite);
  }

  /** Sorts one client setting into store settings or Calcite properties, or refuses it. */
  private static void classify(String key, String value, Map<String, String> storeSettings, Properties calcite)
      throws SQLException {
    String storeName = StoreSettings.canonicalName(key);
    if (storeName != null) {
      storeSettings.put(storeName, value);
      return;
    }
    String safe = find(CALCITE_SAFE, key);
    if (safe != null) {
      calcite.setProperty(safe, value);
      return;
    }
    if (find(IGNORED, key) != null) {
      return;
    }
    if (isCalciteOrAvatica(key)) {
      throw SqlErrors.connectionError("connection property '" + key + "' cannot be set by a client of the "
          + "Cascade driver (it could make the process load classes, models or schemas of the client's choosing); "
          + "allowed: " + allowed(), null);
    }
    throw SqlErrors.connectionError("unknown connection property '" + key + "'; allowed: " + allowed(), null);
  }

  private static String find(Set<String> names, String key) {
    for (String n : names) {
      if (n.equalsIgnoreCase(key)) {
        return n;
      }
    }
    return null;
  }

  /** Whether {@code key} names a Calcite or Avatica property (ignoring case and underscores, as they vary). */
  private static boolean isCalciteOrAvatica(String key) {
    String k = loose(key);
    for (CalciteConnectionProperty p : CalciteConnectionProperty.values()) {
      if (loose(p.camelName()).equals(k) || loose(p.name()).equals(k)) {
        return true;
      }
    }
    for (BuiltInConnectionProperty p : BuiltInConnectionProperty.values()) {
      if (loose(p.camelName()).equals(k) || loose(p.name()).equals(k)) {
        return true;
      }
    }
    return false;
  }

  private static String loose(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }

  private static String allowed() {
    return String.join(", ", new java.util.TreeSet<>(StoreSettings.NAMES)) + ", "
        + String.join(", ", new java.util.TreeSet<>(CALCITE_SAFE)) + ", user, password";
  }

  public Path directory() {
    return directory;
  }

  public StoreSettings store() {
    return store;
  }

  /** The whitelisted Calcite properties, by their canonical names (a copy). */
  public Properties calcite() {
    Properties p = new Properties();
    p.putAll(calcite);
    return p;
  }
}
