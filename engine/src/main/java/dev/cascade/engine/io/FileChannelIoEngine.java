package dev.cascade.engine.io;

import com.sun.nio.file.ExtendedOpenOption;
import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.runtime.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The fallback {@link IoEngine}: {@link FileChannel} positional I/O, performed synchronously on the calling
 * thread. O_DIRECT comes from {@link ExtendedOpenOption#DIRECT}; a file system that refuses it fails the open
 * (there is no silent fallback to buffered I/O, so {@link IoFile#direct()} always equals the flag).
 *
 * <p>FileChannel closes a channel when a thread is interrupted during I/O on it; the file then fails every
 * later operation with EBADF. Shard threads are never interrupted; callers of {@link SyncIo} must not be either.
 *
 * <p>Thread ownership: thread-safe and stateless; its queues are owned by their threads.
 */
public final class FileChannelIoEngine implements IoEngine {
  @Override
  public IoEngineKind kind() {
    return IoEngineKind.FILECHANNEL;
  }

  @Override
  public IoFile open(Path path, OpenFlag... flags) {
    Set<OpenOption> options = new HashSet<>();
    options.add(StandardOpenOption.READ);
    boolean writable = false;
    boolean direct = false;
    for (OpenFlag flag : flags) {
      switch (flag) {
        case READ -> {}
        case WRITE -> writable = true;
        // Set the flags outright: add() returns false for a repeated flag, which is still applied.
        case CREATE -> {
          options.add(StandardOpenOption.CREATE);
          writable = true;
        }
        case CREATE_NEW -> {
          options.add(StandardOpenOption.CREATE_NEW);
          writable = true;
        }
        case TRUNCATE -> {
          options.add(StandardOpenOption.TRUNCATE_EXISTING);
          writable = true;
        }
        case DIRECT -> {
          options.add(ExtendedOpenOption.DIRECT);
          direct = true;
        }
        case INLINE_SMALL_WRITES -> {} // its writes are made on the calling thread anyway
      }
    }
    if (writable) {
      options.add(StandardOpenOption.WRITE);
    }
    try {
      return new FileChannelFile(path, FileChannel.open(path, options), direct, writable);
    } catch (IOException | UnsupportedOperationException e) {
      throw IoFailures.of(path, IoOp.OPEN.operationName(), e);
    }
  }

  @Override
  public void close(IoFile file) {
    unwrap(file).close();
  }

  @Override
  public long size(IoFile file) {
    FileChannelFile f = unwrap(file);
    try {
      return f.channel(IoOp.SIZE_OPERATION).size();
    } catch (IOException e) {
      throw IoFailures.of(f.path(), IoOp.SIZE_OPERATION, e);
    }
  }

  @Override
  public void truncate(IoFile file, long sizeBytes) {
    FileChannelFile f = unwrap(file);
    String op = IoOp.TRUNCATE.operationName();
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("negative size " + sizeBytes + " for " + f.path());
    }
    if (!f.writable()) {
      throw new StorageIoException(f.path(), op, Errno.EBADF, "file is not open for writing");
    }
    try {
      FileChannel ch = f.channel(op);
      if (sizeBytes < ch.size()) {
        ch.truncate(sizeBytes);
      } else if (sizeBytes > ch.size()) {
        extend(f, ch, sizeBytes);
      }
    } catch (IOException e) {
      throw IoFailures.of(f.path(), op, e);
    }
  }

  /**
   * FileChannel has no growing ftruncate; writing one zero byte at the new last position extends the file
   * with zeros. An O_DIRECT channel cannot write one byte, so that case goes through a buffered channel on the
   * same path (the handle's path must therefore still name the file).
   */
  private static void extend(FileChannelFile f, FileChannel ch, long sizeBytes) throws IOException {
    ByteBuffer zero = ByteBuffer.allocate(1);
    if (!f.direct()) {
      ch.write(zero, sizeBytes - 1);
      return;
    }
    try (FileChannel buffered = FileChannel.open(f.path(), StandardOpenOption.WRITE)) {
      buffered.write(zero, sizeBytes - 1);
    }
  }

  @Override
  public void preallocate(IoFile file, long offset, long length) {
    FileChannelFile f = unwrap(file);
    String op = IoOp.PREALLOCATE.operationName();
    Preallocation.writeZeros(f.path(), offset, length, (pos, zeros) -> f.write(pos, zeros, op));
    try {
      f.channel(op).force(false);
    } catch (IOException e) {
      throw IoFailures.of(f.path(), op, e);
    }
  }

  @Override
  public IoQueue open(EventLoop loop, int shardIndex) {
    if (!loop.inLoop()) {
      throw new IllegalStateException("an IoQueue must be opened on its loop's thread; called from "
          + Thread.currentThread().getName());
    }
    return new FileChannelQueue(loop, shardIndex);
  }

  @Override
  public void close() {
    // Stateless: files and queues own every resource and are closed by their users.
  }

  /** The handle as this engine's type; any other handle is a programming error. */
  static FileChannelFile unwrap(IoFile file) {
    if (file instanceof FileChannelFile f) {
      return f;
    }
    throw new IllegalArgumentException("not a FileChannelIoEngine file: " + file);
  }

  @Override
  public String toString() {
    return "FileChannelIoEngine";
  }
}
