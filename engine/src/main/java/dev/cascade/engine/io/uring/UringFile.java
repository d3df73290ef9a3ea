package dev.cascade.engine.io.uring;

import dev.cascade.engine.io.IoFile;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file opened by {@link UringIoEngine}: its path, its open flags and the kernel file descriptor that
 * {@link UringQueue} puts into SQEs.
 *
 * <p>Thread ownership: thread-safe. The descriptor is detached atomically on close, so that closing twice is
 * harmless and an operation started after the close fails with EBADF instead of using a reused number.
 */
final class UringFile implements IoFile {
  /** Value of {@link #fd()} once the file is closed. */
  static final int CLOSED_FD = -1;

  private final Path path;
  private final boolean direct;
  private final boolean writable;
  private final AtomicInteger fd;

  UringFile(Path path, int fd, boolean direct, boolean writable) {
    this.path = path;
    this.fd = new AtomicInteger(fd);
    this.direct = direct;
    this.writable = writable;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public boolean direct() {
    return direct;
  }

  @Override
  public boolean writable() {
    return writable;
  }

  /** The open descriptor, or {@link #CLOSED_FD}. */
  int fd() {
    return fd.get();
  }

  /** Takes the descriptor for closing; {@link #CLOSED_FD} if another caller already took it. */
  int detachFd() {
    return fd.getAndSet(CLOSED_FD);
  }

  @Override
  public String toString() {
    return "UringFile[" + path + (direct ? ", direct" : "") + (writable ? ", writable" : "") + ", fd=" + fd.get()
        + "]";
  }
}
