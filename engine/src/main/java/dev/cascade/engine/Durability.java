package dev.cascade.engine;

/**
 * What an acknowledged write promises (see {@code engine/docs/commit-protocol.md}). A write batch that spans
 * shards is all or nothing after any crash in every mode; to keep that promise it is logged and synced whatever
 * mode it asks for.
 *
 * <p>Immutable.
 */
public enum Durability {
  /** In the WAL and fdatasync'ed before the acknowledgement: survives a power loss. Group commit. The default. */
  SYNC,
  /**
   * In the WAL and written to the operating system before the acknowledgement: survives a crash of the process,
   * not a power loss or kernel crash.
   */
  BUFFERED,
  /**
   * Not logged: only in the memtable until the shard flushes it, so any crash loses it. For bulk loads that can
   * be redone. After a crash a later BUFFERED or SYNC write may survive without an earlier NONE write.
   */
  NONE
}
