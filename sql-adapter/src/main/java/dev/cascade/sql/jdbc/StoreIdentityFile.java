package dev.cascade.sql.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the shard count a store was created with from its {@code IDENTITY} file (format: the engine's
 * {@code StoreIdentity}: {@code key=value} lines), so a client that does not name {@code shards} opens an existing
 * store with the count it has instead of the machine's default. The engine still checks the whole file (and its
 * checksum) when it opens the store; this reader only picks the default.
 *
 * <p>Stateless.
 */
final class StoreIdentityFile {
  static final String FILE_NAME = "IDENTITY";
  private static final long FILE_BYTES_MAX = 4096;
  private static final String SHARD_COUNT = "shardCount=";

  private StoreIdentityFile() {
  }

  /** The recorded shard count, or null when there is no readable identity (the engine reports why on open). */
  static Integer shardCount(Path directory) {
    Path file = directory.resolve(FILE_NAME);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > FILE_BYTES_MAX) {
        return null;
      }
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith(SHARD_COUNT)) {
          return Integer.valueOf(line.substring(SHARD_COUNT.length()).strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
    return null;
  }
}
