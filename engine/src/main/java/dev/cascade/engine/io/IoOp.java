package dev.cascade.engine.io;


/**
 * The kinds of I/O operation that {@link dev.cascade.engine.io.fault.FaultInjectingIoEngine} can fail, each with the system-call name that
 * a real failure of it reports as {@link dev.cascade.engine.StorageIoException#operation()}. Operations with
 * variants (vectored writes, fdatasync against fsync) report the variant's own name.
 *
 * <p>Immutable.
 */
public enum IoOp {
  READ("pread"),
  /** Plain, vectored and linked writes ({@code pwrite}, {@code pwritev}). */
  WRITE("pwrite"),
  /** fsync and fdatasync of a file, including the sync half of {@code writeAndSync}. */
  SYNC("fsync"),
  OPEN("open"),
  RENAME("rename"),
  DELETE("unlink"),
  TRUNCATE("ftruncate"),
  PREALLOCATE("preallocate"),
  SYNC_DIRECTORY("fsync");

  /**
   * Name of a failed {@link IoEngine#size}, in every engine (not an injectable kind: the fault-injecting engine
   * passes sizes through).
   */
  public static final String SIZE_OPERATION = "fstat";

  private final String operationName;

  IoOp(String operationName) {
    this.operationName = operationName;
  }

  /** The operation name a failure of this kind carries, such as {@code "pread"}. */
  public String operationName() {
    return operationName;
  }

  /** Name of a sync: {@code "fdatasync"} when only data is synced, else {@code "fsync"}. */
  public static String syncName(boolean dataOnly) {
    return dataOnly ? "fdatasync" : "fsync";
  }

  /** Name of a write of {@code buffers} buffers: {@code "pwrite"} or {@code "pwritev"}. */
  public static String writeName(int buffers) {
    return buffers == 1 ? "pwrite" : "pwritev";
  }
}
