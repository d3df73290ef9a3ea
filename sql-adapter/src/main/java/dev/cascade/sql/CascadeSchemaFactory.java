package dev.cascade.sql;

import dev.cascade.sql.dml.UpsertMarker;
import dev.cascade.sql.jdbc.StoreSettings;
import java.io.File;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.model.ModelHandler;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaFactory;
import org.apache.calcite.schema.SchemaPlus;

/**
 * Mounts a Cascade store in an application's own Calcite connection through {@code model.json}:
 * <pre>
 * { "version": "1.0", "defaultSchema": "cascade", "schemas": [ { "name": "cascade", "type": "custom",
 *   "factory": "dev.cascade.sql.CascadeSchemaFactory",
 *   "operand": { "directory": "/data/cascade", "durability": "buffered" } } ] }
 * </pre>
 * Operands: {@code directory} (required; relative to the model file's directory when the model is a file) and the
 * store settings of {@link StoreSettings}. Queries and DML work there; DDL needs the {@code jdbc:cascade:} driver
 * (Calcite's stock parser has no Cascade DDL). Each schema created holds one reference to the store; Calcite has no
 * hook for a schema's end, so the application gives it back with {@link #release(CascadeSchema)} when it closes the
 * connection (otherwise the store stays open until the process exits, which loses nothing written with durability
 * {@code sync} or {@code buffered}).
 *
 * <p>Thread-safe.
 */
public final class CascadeSchemaFactory implements SchemaFactory {
  public static final String DIRECTORY = "directory";
  /** Operands Calcite's model handler adds on its own; accepted and ignored. */
  private static final Set<String> CALCITE_EXTRA = java.util.Arrays.stream(ModelHandler.ExtraOperand.values())
      .map(o -> o.camelName).collect(java.util.stream.Collectors.toUnmodifiableSet());
  private static final Set<CascadeSchema> HOLDING = ConcurrentHashMap.newKeySet();

  /** Calcite instantiates factories by their public no-argument constructor. */
  public CascadeSchemaFactory() {
  }

  @Override
  public Schema create(SchemaPlus parentSchema, String name, Map<String, Object> operand) {
    // Calcite's own converter prepares this connection's statements; UPSERT keeps its meaning through the mark.
    UpsertMarker.install();
    try {
      Path dir = directory(operand);
      Map<String, String> settings = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : operand.entrySet()) {
        String key = e.getKey();
        if (key.equals(DIRECTORY) || CALCITE_EXTRA.contains(key)) {
          continue;
        }
        String canonical = StoreSettings.canonicalName(key);
        if (canonical == null) {
          throw new SqlStateException("42000", "unknown operand '" + key + "' for Cascade schema '" + name
              + "'; allowed: directory, " + String.join(", ", new java.util.TreeSet<>(StoreSettings.NAMES)));
        }
        settings.put(canonical, String.valueOf(e.getValue()));
      }
      SqlStore store = StoreRegistry.acquire(dir, StoreSettings.parse(dir, settings));
      CascadeSchema schema = new CascadeSchema(store, name);
      HOLDING.add(schema);
      return schema;
    } catch (SQLException e) {
      throw new SqlStateException(e.getSQLState(), e.getMessage(), e);
    }
  }

  /**
   * Gives back the store reference a schema this factory created holds; the last reference closes the store.
   * Releasing twice, or a schema this factory did not create, does nothing.
   */
  public static void release(CascadeSchema schema) {
    if (HOLDING.remove(schema)) {
      StoreRegistry.release(schema.store());
    }
  }

  private static Path directory(Map<String, Object> operand) {
    Object d = operand.get(DIRECTORY);
    if (d == null || d.toString().isBlank()) {
      throw new SqlStateException("42000", "a Cascade schema needs the operand \"directory\"");
    }
    Path p = Path.of(d.toString());
    Object base = operand.get(ModelHandler.ExtraOperand.BASE_DIRECTORY.camelName);
    if (!p.isAbsolute() && base instanceof File f) {
      p = f.toPath().resolve(p);
    }
    return p;
  }
}
