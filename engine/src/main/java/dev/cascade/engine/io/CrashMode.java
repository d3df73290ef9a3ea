package dev.cascade.engine.io;

/**
 * What {@link FaultInjectingIoEngine#crash} does to data that was written but not yet synced, as a power loss
 * would. Synced data and files whose directory entry is durable always survive, in every mode.
 *
 * <p>Immutable.
 */
public enum CrashMode {
  /** Every unsynced write and truncation is undone: each file is exactly as of its last sync. */
  DROP_UNSYNCED,
  /**
   * Each 4 KB sector touched since the last sync independently keeps its new or its old content, and the file
   * keeps either its synced or its current length, all chosen by the seed.
   */
  TEAR_UNSYNCED,
  /**
   * As {@link #TEAR_UNSYNCED}, but a touched sector may also come back as random garbage, as a sector torn
   * mid-write on a real disk does. The whole sector is garbled, including bytes of it that the write did not
   * change: why a page that holds acknowledged data must never be rewritten.
   */
  GARBLE_UNSYNCED
}
