package dev.cascade.engine.io;

import java.nio.file.Path;

/**
 * What every engine's {@link IoFile} holds the same way: the path and the two open flags, and a
 * {@link #toString()} that shows them. Engines add their handle (a channel, a descriptor).
 *
 * <p>Thread ownership: the fields here are immutable; subclasses say how their own state is guarded.
 */
public abstract class BaseIoFile implements IoFile {
  private final Path path;
  private final boolean direct;
  private final boolean writable;

  protected BaseIoFile(Path path, boolean direct, boolean writable) {
    this.path = path;
    this.direct = direct;
    this.writable = writable;
  }

  @Override
  public final Path path() {
    return path;
  }

  @Override
  public final boolean direct() {
    return direct;
  }

  @Override
  public final boolean writable() {
    return writable;
  }

  /** What the subclass adds to {@link #toString()} after the flags, such as {@code ", fd=12"}; empty by default. */
  protected String describeHandle() {
    return "";
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + path + (direct ? ", direct" : "") + (writable ? ", writable" : "")
        + describeHandle() + "]";
  }
}
