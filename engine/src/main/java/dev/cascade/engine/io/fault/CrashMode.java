package dev.cascade.engine.io.fault;


/**
 * What {@link FaultInjectingIoEngine#crash} does to data that was written but not yet synced, as a power loss
 * would. In every mode, data made durable by a successful sync and files whose directory entry is durable
 * survive (up to the garbling of whole touched sectors), data covered by a failed sync never does, and renames
 * and deletions not made durable by a directory sync are undone.
 *
 * <p>Immutable.
 */
public enum CrashMode {
  /** Every write and truncation not made durable is undone: each file is exactly as its syncs left it. */
  DROP_UNSYNCED,
  /**
   * Each 4 KB sector touched by a change not made durable independently keeps its new or its old content, and the file
   * keeps either its durable or its current length, all chosen by the seed. Lost data (a failed sync) is then
   * undone again.
   */
  TEAR_UNSYNCED,
  /**
   * As {@link #TEAR_UNSYNCED}, but a touched sector may also come back as random garbage, as a sector torn
   * mid-write on a real disk does. The whole sector is garbled, including bytes of it that the write did not
   * change: why a page that holds acknowledged data must never be rewritten.
   */
  GARBLE_UNSYNCED
}
