package dev.cascade.engine.io;

/** How {@link IoEngine#open} opens a file. {@link #READ} is implied; combine the rest as with open(2). */
public enum OpenFlag {
  /** Open for reading (always implied). */
  READ,
  /** Open for writing as well. */
  WRITE,
  /** Create the file if it does not exist (implies WRITE). */
  CREATE,
  /** Create the file and fail with EEXIST if it exists (implies WRITE). */
  CREATE_NEW,
  /** Truncate to zero length on open (implies WRITE). */
  TRUNCATE,
  /**
   * O_DIRECT: bypass the page cache. Every read and write must then use an offset, a length and a buffer
   * address that are multiples of {@link IoEngine#ALIGNMENT_BYTES}.
   */
  DIRECT,
  /**
   * For a buffered (not {@link #DIRECT}) file: a queue may make small writes at once with pwrite(2) on its own
   * thread instead of queueing them. A copy into the page cache takes microseconds, where a queued buffered write
   * may be handed to a kernel worker thread and cost a wake-up; the WAL's commits use it. Engines may ignore it.
   */
  INLINE_SMALL_WRITES
}
