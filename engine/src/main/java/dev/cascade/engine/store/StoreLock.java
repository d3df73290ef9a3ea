package dev.cascade.engine.store;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The {@code LOCK} file of a store directory, held with an exclusive {@code flock}-style lock for as long as the
 * store is open, so that only one process (and one store object in this process) opens a directory at a time.
 * The holder writes its pid, host and start time into the file, and a refused opener names them.
 *
 * <p>Thread-safe (released once).
 */
final class StoreLock implements AutoCloseable {
  static final String FILE_NAME = "LOCK";
  private static final int HOLDER_BYTES_MAX = 512;

  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static StoreLock acquire(Path dir) {
    Path path = dir.resolve(FILE_NAME);
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageIoException(path, "open", e);
    }
    try {
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        String holder = readHolder(ch);
        ch.close();
        throw new CascadeException("store " + dir + " is already open (LOCK held by " + holder
            + "); close it there first, or open another directory");
      }
      String me = "pid " + ProcessHandle.current().pid() + " on " + hostName() + " since " + Instant.now();
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(false);
      return new StoreLock(ch, l);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new StorageIoException(path, "lock", e);
    }
  }

  private static String readHolder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(HOLDER_BYTES_MAX);
      ch.read(b, 0);
      String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "another opener" : s;
    } catch (IOException e) {
      return "another opener";
    }
  }

  private static String hostName() {
    try {
      return Files.readString(Path.of("/etc/hostname")).strip();
    } catch (IOException | RuntimeException e) {
      return "this host";
    }
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Already failing; the first error is the one to report.
    }
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        channel.truncate(0);
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new CascadeException("releasing the store LOCK failed: " + e.getMessage(), e);
    }
  }
}
