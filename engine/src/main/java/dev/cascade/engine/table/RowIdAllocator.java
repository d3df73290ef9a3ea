package dev.cascade.engine.table;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Durability;
import dev.cascade.engine.WriteBatch;

/**
 * Hands out one table's hidden row ids: unique in the store across restarts, increasing within the process. Ids
 * are reserved in blocks, each recorded in the catalog (the end of the block, a u64) with one SYNC write before
 * any id of it is handed out; a restart continues after the last reserved block, skipping unused ids.
 *
 * <p>Thread-safe (synchronized).
 */
final class RowIdAllocator {
  static final long BLOCK_IDS = 4096;

  private final CascadeDb db;
  private final int tableId;
  private long next;
  private long limit;

  RowIdAllocator(CascadeDb db, int tableId) {
    this.db = db;
    this.tableId = tableId;
    byte[] reserved = db.get(CatalogKeys.rowIds(tableId));
    next = reserved == null ? 1 : new SegmentReader(reserved, 0).u64();
    limit = next;
  }

  synchronized long next() {
    if (next == limit) {
      long newLimit = Math.addExact(limit, BLOCK_IDS);
      db.write(new WriteBatch().put(CatalogKeys.rowIds(tableId), new ByteSink(8).u64(newLimit).toArray()),
          Durability.SYNC);
      limit = newLimit;
    }
    return next++;
  }
}
