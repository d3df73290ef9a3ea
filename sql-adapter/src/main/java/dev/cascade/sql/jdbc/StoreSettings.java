package dev.cascade.sql.jdbc;

import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cascade's own client settings ({@code shards}, {@code durability}, {@code cacheBytes}, {@code memtableBytes},
 * {@code createIfMissing}) as the driver URL and {@code model.json} operands give them, turned into engine
 * {@link Options}. Remembers which ones were given, so a connection to a store already open in the process can be
 * checked against the options the store runs with: a given setting that differs is refused, an omitted one
 * takes the open store's value.
 *
 * <p>Immutable.
 */
public final class StoreSettings {
  public static final String SHARDS = "shards";
  public static final String DURABILITY = "durability";
  public static final String CACHE_BYTES = "cacheBytes";
  public static final String MEMTABLE_BYTES = "memtableBytes";
  public static final String CREATE_IF_MISSING = "createIfMissing";
  /** Every setting name, in their canonical spelling (keys are matched case-insensitively). */
  public static final Set<String> NAMES = Set.of(SHARDS, DURABILITY, CACHE_BYTES, MEMTABLE_BYTES, CREATE_IF_MISSING);

  private final Map<String, String> given;
  private final Options options;

  private StoreSettings(Map<String, String> given, Options options) {
    this.given = Map.copyOf(given);
    this.options = options;
  }

  /** The canonical name of a Cascade setting, or null when {@code key} is not one. */
  public static String canonicalName(String key) {
    for (String n : NAMES) {
      if (n.equalsIgnoreCase(key)) {
        return n;
      }
    }
    return null;
  }

  /**
   * Parses the given settings (canonical name to text) for the store in {@code directory}; a store that exists
   * keeps the shard count it was created with unless {@code shards} is given.
   */
  public static StoreSettings parse(Path directory, Map<String, String> settings) throws SQLException {
    Map<String, String> given = new LinkedHashMap<>(settings);
    Options.Builder b = Options.builder();
    Integer stored = StoreIdentityFile.shardCount(directory);
    if (stored != null) {
      b.shardCount(stored);
    }
    for (Map.Entry<String, String> e : given.entrySet()) {
      apply(b, e.getKey(), e.getValue().strip());
    }
    try {
      if (!given.containsKey(CACHE_BYTES)) {
        b.cacheBytes(defaultCacheBytes(b));
      }
      return new StoreSettings(given, b.build());
    } catch (IllegalArgumentException ex) {
      throw SqlErrors.connectionError("invalid setting for " + directory + ": " + ex.getMessage(), ex);
    }
  }

  private static long defaultCacheBytes(Options.Builder b) {
    // The engine's default cache (256 MiB) is below its per-shard minimum only for very many shards.
    int shards = b.build().shardCount();
    return Math.max(Options.defaults().cacheBytes(), Options.CACHE_BYTES_PER_SHARD_MIN * shards);
  }

  private static void apply(Options.Builder b, String name, String value) throws SQLException {
    switch (name) {
      case SHARDS -> b.shardCount((int) parseLong(name, value, Options.SHARD_COUNT_MAX));
      case DURABILITY -> b.durability(parseDurability(value));
      case CACHE_BYTES -> b.cacheBytes(parseBytes(name, value));
      case MEMTABLE_BYTES -> b.memtableBytes(parseBytes(name, value));
      case CREATE_IF_MISSING -> b.createIfMissing(parseBoolean(name, value));
      default -> throw new IllegalStateException("not a Cascade setting: " + name);
    }
  }

  /** The engine options: the given settings over the defaults. */
  public Options options() {
    return options;
  }

  /** The settings the client gave, by canonical name. */
  public Map<String, String> given() {
    return given;
  }

  /**
   * Refuses a connection whose given settings differ from those of the store already open in this process
   * ({@code open}); {@code createIfMissing} is moot for an open store and never conflicts.
   */
  public void checkMatches(Options open, Path directory) throws SQLException {
    check(SHARDS, options.shardCount(), open.shardCount(), directory);
    check(DURABILITY, options.durability(), open.durability(), directory);
    check(CACHE_BYTES, options.cacheBytes(), open.cacheBytes(), directory);
    check(MEMTABLE_BYTES, options.memtableBytes(), open.memtableBytes(), directory);
  }

  private void check(String name, Object wanted, Object actual, Path directory) throws SQLException {
    if (given.containsKey(name) && !wanted.equals(actual)) {
      throw SqlErrors.connectionError("store " + directory + " is already open in this process with " + name + "="
          + actual.toString().toLowerCase(Locale.ROOT) + "; this connection asks for " + name + "="
          + given.get(name) + " (omit the setting to use the open store's value, or close every connection "
          + "to the store first)", null);
    }
  }

  private static Durability parseDurability(String value) throws SQLException {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "sync" -> Durability.SYNC;
      case "buffered" -> Durability.BUFFERED;
      case "none" -> Durability.NONE;
      default -> throw SqlErrors.connectionError("durability must be sync, buffered or none, not '" + value + "'",
          null);
    };
  }

  private static boolean parseBoolean(String name, String value) throws SQLException {
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw SqlErrors.connectionError(name + " must be true or false, not '" + value + "'", null);
  }

  /** Bytes: a whole number with an optional binary suffix k, m or g (case-insensitive). */
  static long parseBytes(String name, String value) throws SQLException {
    String v = value.toLowerCase(Locale.ROOT);
    int shift = 0;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        default -> { }
      }
    }
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
    long n = parseLong(name, digits, Long.MAX_VALUE >> shift);
    return n << shift;
  }

  private static long parseLong(String name, String value, long max) throws SQLException {
    try {
      long n = Long.parseLong(value);
      if (n >= 0 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SqlErrors.connectionError(name + " must be a whole number in [0, " + max + "], not '" + value + "'",
        null);
  }
}
