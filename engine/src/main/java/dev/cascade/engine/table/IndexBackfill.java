package dev.cascade.engine.table;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Durability;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills a new index from a table's existing rows in SYNC batches of at most {@link #BATCH_ROWS} rows. A first write
 * clears the index's key range (leftovers of a backfill a crash interrupted). For a UNIQUE index each
 * batch's keys are checked against each other and, with one multi-get, against the earlier batches; a duplicate
 * fails as DUPLICATE_KEY naming the index and the value. Any failure clears the range again.
 *
 * <p>Thread ownership: one DDL thread (the catalog's lock holder), for one backfill.
 */
final class IndexBackfill {
  static final int BATCH_ROWS = 1000;
  /** The backfill's one scan may take longer than an ordinary iterator's ten minutes. */
  static final long SCAN_TIME_LIMIT_NANOS = java.util.concurrent.TimeUnit.HOURS.toNanos(24);

  private final CascadeDb db;
  private final TableCodec codec;
  private final IndexDef index;

  IndexBackfill(CascadeDb db, TableDef tableWithIndex, IndexDef index) {
    this.db = db;
    this.codec = TableCodec.of(tableWithIndex);
    this.index = index;
  }

  void run() {
    clear();
    try {
      fill();
    } catch (RuntimeException e) {
      try {
        clear();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void fill() {
    WriteBatch batch = new WriteBatch();
    Map<ByteBuffer, Object[]> uniqueKeys = new HashMap<>();
    ReadOptions rows = ReadOptions.defaults().withBounds(codec.rowsLowerBound(), codec.rowsUpperBound())
        .withBatchEntries(BATCH_ROWS).withLimits(SCAN_TIME_LIMIT_NANOS, Long.MAX_VALUE);
    try (DbIterator it = db.iterator(rows)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        Object[] row = codec.decodeRow(it.key(), it.value());
        byte[] key = codec.indexEntryKey(index, row);
        if (index.unique() && codec.uniqueIndexKey(index, row) != null
            && uniqueKeys.put(ByteBuffer.wrap(key), row) != null) {
          throw duplicate(row);
        }
        batch.put(key, codec.indexEntryValue(index, row));
        if (batch.count() >= BATCH_ROWS) {
          flush(batch, uniqueKeys);
        }
      }
    }
    flush(batch, uniqueKeys);
  }

  private void flush(WriteBatch batch, Map<ByteBuffer, Object[]> uniqueKeys) {
    if (!uniqueKeys.isEmpty()) {
      List<byte[]> keys = new ArrayList<>(uniqueKeys.size());
      List<Object[]> rows = new ArrayList<>(uniqueKeys.size());
      uniqueKeys.forEach((k, row) -> {
        keys.add(k.array());
        rows.add(row);
      });
      List<byte[]> found = db.multiGet(keys);
      for (int i = 0; i < found.size(); i++) {
        if (found.get(i) != null) {
          throw duplicate(rows.get(i));
        }
      }
      uniqueKeys.clear();
    }
    if (!batch.isEmpty()) {
      db.write(batch, Durability.SYNC);
      batch.clear();
    }
  }

  private void clear() {
    db.write(new WriteBatch().deleteRange(codec.indexLowerBound(index), codec.indexUpperBound(index)),
        Durability.SYNC);
  }

  private CatalogException duplicate(Object[] row) {
    List<Object> values = new ArrayList<>();
    for (int c : index.columns()) {
      values.add(row[c] instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : row[c]);
    }
    return new CatalogException(CatalogException.Reason.DUPLICATE_KEY, "cannot create UNIQUE index " + index.name()
        + " on table " + codec.table().name() + ": duplicate value " + values + " in columns "
        + TableDefs.columnsText(codec.table(), index.columns()));
  }
}
