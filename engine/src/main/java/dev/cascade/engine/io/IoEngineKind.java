package dev.cascade.engine.io;

/** Which implementation performs the I/O. Reported by {@link IoEngine#kind()} and logged at start. */
public enum IoEngineKind {
  /** io_uring through FFM: one ring per shard, asynchronous. */
  URING,
  /** {@code java.nio.channels.FileChannel}: synchronous positional I/O on the calling thread. */
  FILECHANNEL;

  /** The name used by {@code -Dcascade.io=} and options: {@code uring} or {@code filechannel}. */
  public String optionName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
