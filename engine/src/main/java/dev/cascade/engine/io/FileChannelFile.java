package dev.cascade.engine.io;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file opened by {@link FileChannelIoEngine}: a {@link FileChannel} plus the positional read and write loops
 * that give the {@link IoQueue} contract (reads short only at end of file, writes complete or fail).
 *
 * <p>Thread ownership: thread-safe; FileChannel's positional operations may run concurrently, and its
 * open/closed state is its own.
 */
final class FileChannelFile extends BaseIoFile {
  private final FileChannel channel;

  FileChannelFile(Path path, FileChannel channel, boolean direct, boolean writable) {
    super(path, direct, writable);
    this.channel = channel;
  }

  /** The channel, or EBADF once the file is closed. */
  FileChannel channel(String operation) {
    if (!channel.isOpen()) {
      throw new StorageIoException(path(), operation, Errno.EBADF, "file is closed");
    }
    return channel;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw IoFailures.of(path(), "close", e);
    }
  }

  /** Reads until {@code dst} is full or end of file; returns the bytes read. */
  long read(long offset, MemorySegment dst) {
    String op = IoOp.READ.operationName();
    FileChannel ch = channel(op);
    ByteBuffer bb = dst.asByteBuffer();
    long total = 0;
    try {
      while (bb.hasRemaining()) {
        int n = ch.read(bb, offset + total);
        if (n <= 0) {
          break;
        }
        total += n;
        // The kernel ends an O_DIRECT read short only at end of file; the next read would be misaligned.
        if (direct() && total % IoEngine.ALIGNMENT_BYTES != 0) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw failure(op, offset + total, bb.remaining(), e);
    }
    return total;
  }

  /** Writes all of {@code src} at {@code offset}; returns its size. */
  long write(long offset, MemorySegment src, String op) {
    FileChannel ch = channel(op);
    if (!writable()) {
      throw new StorageIoException(path(), op, Errno.EBADF,
          IoFailures.at(offset, src.byteSize()) + " (file is not open for writing)");
    }
    ByteBuffer bb = src.asByteBuffer();
    long total = 0;
    try {
      while (bb.hasRemaining()) {
        total += ch.write(bb, offset + total);
      }
    } catch (IOException | RuntimeException e) {
      throw failure(op, offset + total, bb.remaining(), e);
    }
    return total;
  }

  void sync(boolean dataOnly) {
    String op = IoOp.syncName(dataOnly);
    try {
      channel(op).force(!dataOnly);
    } catch (IOException e) {
      throw IoFailures.of(path(), op, e);
    }
  }

  /** The failure of a transfer with {@code bytes} still to do at {@code offset}; a programming error is rethrown. */
  private StorageIoException failure(String op, long offset, long bytes, Exception e) {
    if (e instanceof RuntimeException re && !IoFailures.isIoFailure(re)) {
      throw re;
    }
    return IoFailures.of(path(), op, IoFailures.at(offset, bytes), e);
  }
}
