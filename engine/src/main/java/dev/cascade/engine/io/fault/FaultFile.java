package dev.cascade.engine.io.fault;

import dev.cascade.engine.io.IoFile;
import java.nio.file.Path;

/**
 * A handle of {@link FaultInjectingIoEngine}: the delegate engine's handle plus the file's durability history.
 * A crash kills every handle: later use fails with "engine crashed", as a file descriptor would not survive a
 * reboot.
 *
 * <p>Thread ownership: thread-safe; the flags are volatile and written under the engine's lock.
 */
final class FaultFile implements IoFile {
  private final FaultInjectingIoEngine engine;
  private final IoFile delegate;
  private final FileHistory history;
  private volatile boolean closed;
  private volatile boolean dead;

  FaultFile(FaultInjectingIoEngine engine, IoFile delegate, FileHistory history) {
    this.engine = engine;
    this.delegate = delegate;
    this.history = history;
  }

  @Override
  public Path path() {
    return delegate.path();
  }

  @Override
  public boolean direct() {
    return delegate.direct();
  }

  @Override
  public boolean writable() {
    return delegate.writable();
  }

  FaultInjectingIoEngine engine() {
    return engine;
  }

  IoFile delegate() {
    return delegate;
  }

  FileHistory history() {
    return history;
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  boolean dead() {
    return dead;
  }

  void markDead() {
    dead = true;
  }

  @Override
  public String toString() {
    return "FaultFile[" + delegate + (dead ? ", dead" : "") + (closed ? ", closed" : "") + "]";
  }
}
