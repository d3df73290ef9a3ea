package dev.cascade.engine.table;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Durability;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Row-count estimates by table id: adjusted in memory by the SQL layer's writes, loaded from the catalog at open
 * and written back (one SYNC batch) at close, so after a crash they are as old as the last clean close.
 *
 * <p>Thread-safe.
 */
final class RowCounts {
  private final Map<Integer, AtomicLong> counts = new ConcurrentHashMap<>();

  void load(CascadeDb db) {
    ReadOptions range = ReadOptions.defaults().withBounds(CatalogKeys.kindLowerBound(CatalogKeys.KIND_STATS),
        CatalogKeys.kindUpperBound(CatalogKeys.KIND_STATS));
    try (DbIterator it = db.iterator(range)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        long rows = new SegmentReader(it.value(), 0).zigzag();
        counts.put(CatalogKeys.subjectTableId(it.key()), new AtomicLong(rows));
      }
    }
  }

  long get(int tableId) {
    AtomicLong c = counts.get(tableId);
    return c == null ? 0 : Math.max(0, c.get());
  }

  void adjust(int tableId, long delta) {
    counts.computeIfAbsent(tableId, k -> new AtomicLong()).addAndGet(delta);
  }

  void forget(int tableId) {
    counts.remove(tableId);
  }

  /** Writes the counts of the live tables. */
  void persist(CascadeDb db, java.util.Set<Integer> liveTableIds) {
    WriteBatch batch = new WriteBatch();
    counts.forEach((tableId, count) -> {
      if (liveTableIds.contains(tableId)) {
        batch.put(CatalogKeys.stats(tableId), new ByteSink(10).zigzag(count.get()).toArray());
      }
    });
    if (!batch.isEmpty()) {
      db.write(batch, Durability.SYNC);
    }
  }
}
