package dev.cascade.engine.io;

import java.nio.file.Path;

/**
 * An open file: an opaque handle issued by one {@link IoEngine} and accepted only by that engine and its
 * queues (a wrapping engine such as {@link dev.cascade.engine.io.fault.FaultInjectingIoEngine} passes its delegate's handles through).
 * Close it with {@link IoEngine#close(IoFile)} once no operation on it is in flight.
 *
 * <p>Thread ownership: immutable as seen by users; engines keep the open/closed state thread-safe.
 */
public interface IoFile {
  Path path();

  /** True when opened with {@link OpenFlag#DIRECT} (and the file system accepted it). */
  boolean direct();

  /** True when opened for writing. */
  boolean writable();
}
