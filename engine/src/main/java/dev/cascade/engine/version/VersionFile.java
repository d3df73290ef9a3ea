package dev.cascade.engine.version;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.SyncIo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Saves and loads a shard's {@link VersionState} crash-safely, without a manifest log: the state is small, so
 * every change writes a complete new file. {@link #save} writes {@value #TEMP_NAME} in full, fdatasyncs it,
 * renames it over {@value #FILE_NAME} and fsyncs the directory. A crash at any point leaves {@value #FILE_NAME}
 * naming either the old state or the new one, never a mixture: the rename replaces the name atomically, and the
 * new file's bytes were durable before the rename could become so. A leftover {@value #TEMP_NAME} is an
 * unfinished save; {@link #load} ignores and deletes it.
 *
 * <p>The format is {@link VersionCodec}'s (engine/docs/version-format.md). I/O goes through the engine's
 * synchronous file-system operations and a blocking {@link SyncIo}: a save runs at the end of a flush or a
 * compaction, rarely, and the shard may block for it.
 *
 * <p>Stateless (static methods only); each call is confined to its calling thread (a given {@link SyncIo} must
 * be owned by it).
 */
public final class VersionFile {
  /** Name of the version file in a shard's directory. */
  public static final String FILE_NAME = "VERSION";

  /** Name of the file a save writes before renaming it over {@link #FILE_NAME}. */
  public static final String TEMP_NAME = "VERSION.tmp";

  private VersionFile() {}

  /**
   * The state saved in {@code dir}, or null when it holds no {@value #FILE_NAME} (a new shard). A leftover
   * {@value #TEMP_NAME} is deleted. Uses a private {@link SyncIo} for the one read.
   *
   * @throws CorruptionException if the file fails any check
   */
  public static VersionState load(IoEngine engine, Path dir) {
    try (SyncIo io = new SyncIo(engine)) {
      return load(io, dir);
    }
  }

  /** As {@link #load(IoEngine, Path)}, reading through {@code io}, which the calling thread owns. */
  public static VersionState load(SyncIo io, Path dir) {
    IoEngine engine = io.engine();
    Path temp = dir.resolve(TEMP_NAME);
    if (engine.exists(temp)) {
      engine.delete(temp);
    }
    Path path = dir.resolve(FILE_NAME);
    if (!engine.exists(path)) {
      return null;
    }
    IoFile file = engine.open(path);
    try {
      long size = engine.size(file);
      if (size > VersionCodec.FILE_BYTES_MAX) {
        throw new CorruptionException(path, 0, VersionCodec.BLOCK_KIND, "file is " + size
            + " bytes, more than FILE_BYTES_MAX " + VersionCodec.FILE_BYTES_MAX);
      }
      byte[] image = new byte[(int) size];
      if (size > 0) {
        try (Arena arena = Arena.ofConfined()) {
          MemorySegment buf = arena.allocate(size, Long.BYTES);
          long n = io.read(file, 0, buf);
          if (n != size) {
            throw new CorruptionException(path, n, VersionCodec.BLOCK_KIND, "read " + n + " of " + size
                + " bytes: the file shrank while being read");
          }
          MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, image, 0, image.length);
        }
      }
      return VersionCodec.decode(path, image, image.length);
    } finally {
      engine.close(file);
    }
  }

  /**
   * Makes {@code state} the durable state of {@code dir}: on return, a crash at any later time loads it (or a
   * state saved after it). Uses a private {@link SyncIo} for the write.
   *
   * <p>If it throws, the durable state is the previous one or {@code state}; which one is unknown until the
   * next {@link #load}. A failed sync must not be retried on the same data (the store goes read-only), but a
   * later save writes everything again from scratch, so it is safe.
   */
  public static void save(IoEngine engine, Path dir, VersionState state) {
    try (SyncIo io = new SyncIo(engine)) {
      save(io, dir, state);
    }
  }

  /** As {@link #save(IoEngine, Path, VersionState)}, writing through {@code io}, which the calling thread owns. */
  public static void save(SyncIo io, Path dir, VersionState state) {
    IoEngine engine = io.engine();
    byte[] image = VersionCodec.encode(state);
    Path temp = dir.resolve(TEMP_NAME);
    IoFile file = engine.open(temp, OpenFlag.CREATE, OpenFlag.TRUNCATE, OpenFlag.WRITE);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(image.length, Long.BYTES);
      MemorySegment.copy(image, 0, buf, ValueLayout.JAVA_BYTE, 0, image.length);
      io.writeAndSync(file, 0, buf, true);
    } finally {
      engine.close(file);
    }
    engine.rename(temp, dir.resolve(FILE_NAME));
    engine.syncDirectory(dir);
  }
}
