package dev.cascade.engine.store;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.Options;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The {@code IDENTITY} file: what a store directory is and the settings that must never change for it. Text,
 * one {@code key=value} per line, the last line {@code crc32c=<hex>} over the lines before it:
 * <pre>
 *   format=cascade-store
 *   formatVersion=1
 *   shardCount=4
 *   partitioner=KeyPartitioner.HASH
 *   crc32c=1a2b3c4d
 * </pre>
 * Written once at creation (temporary file, fsync, rename, directory fsync). Opening with another shard count
 * or partitioner, or finding an unknown format version, is refused with a message that says what differs.
 *
 * <p>Immutable.
 */
record StoreIdentity(int formatVersion, int shardCount, String partitioner) {
  static final String FILE_NAME = "IDENTITY";
  static final int FORMAT_VERSION = 1;
  private static final long FILE_BYTES_MAX = 4096;

  static StoreIdentity of(Options o) {
    return new StoreIdentity(FORMAT_VERSION, o.shardCount(), o.partitioner().toString());
  }

  /** The identity in {@code dir}, or null when the directory holds no store yet. */
  static StoreIdentity read(Path dir) {
    Path path = dir.resolve(FILE_NAME);
    if (!Files.exists(path)) {
      return null;
    }
    String text;
    try {
      if (Files.size(path) > FILE_BYTES_MAX) {
        throw new CorruptionException(path, 0, "identity file", "larger than " + FILE_BYTES_MAX + " bytes");
      }
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StorageIoException(path, "read", e);
    }
    int crcAt = text.lastIndexOf("crc32c=");
    if (crcAt < 0) {
      throw new CorruptionException(path, 0, "identity file", "no crc32c line");
    }
    String body = text.substring(0, crcAt);
    String stored = text.substring(crcAt + "crc32c=".length()).strip();
    if (!stored.equals(crc(body))) {
      throw new CorruptionException(path, crcAt, "identity file", "checksum mismatch (stored " + stored
          + ", computed " + crc(body) + ")");
    }
    Map<String, String> kv = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        kv.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!"cascade-store".equals(kv.get("format"))) {
      throw new CascadeException(dir + " is not a Cascade store (IDENTITY format=" + kv.get("format") + ")");
    }
    try {
      return new StoreIdentity(Integer.parseInt(kv.get("formatVersion")), Integer.parseInt(kv.get("shardCount")),
          kv.get("partitioner"));
    } catch (NumberFormatException e) {
      throw new CorruptionException(path, 0, "identity file", "unreadable number: " + e.getMessage());
    }
  }

  /** Refuses to open with settings that differ from the stored ones. */
  void checkCompatible(Path dir, StoreIdentity requested) {
    if (formatVersion != FORMAT_VERSION) {
      throw new CascadeException("store " + dir + " has format version " + formatVersion + "; this Cascade reads "
          + "format version " + FORMAT_VERSION + " only");
    }
    if (shardCount != requested.shardCount) {
      throw new CascadeException("store " + dir + " was created with " + shardCount + " shards; it cannot be "
          + "opened with Options.shardCount=" + requested.shardCount + " (the shard count is fixed at creation)");
    }
    if (!partitioner.equals(requested.partitioner)) {
      throw new CascadeException("store " + dir + " was created with partitioner " + partitioner
          + "; it cannot be opened with " + requested.partitioner);
    }
  }

  void write(Path dir) {
    String body = "format=cascade-store\nformatVersion=" + formatVersion + "\nshardCount=" + shardCount
        + "\npartitioner=" + partitioner + "\n";
    Path tmp = dir.resolve(FILE_NAME + ".tmp");
    Path path = dir.resolve(FILE_NAME);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap((body + "crc32c=" + crc(body) + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new StorageIoException(tmp, "write", e);
    }
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new StorageIoException(path, "rename", e);
    }
  }

  private static String crc(String body) {
    CRC32C c = new CRC32C();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }
}
