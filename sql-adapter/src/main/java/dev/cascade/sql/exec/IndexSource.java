package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Reads rows through a secondary index: walks the index entries of its key ranges (or reads a UNIQUE index's
 * entries by key), takes the primary key each entry points at, and fetches the rows with {@link CascadeDb#multiGet}
 * a chunk at a time, applying the pushed filter on the caller's thread. Rows come in index order.
 *
 * <p>Owned by its enumerator (one thread at a time).
 */
final class IndexSource implements RowSource {
  private final CascadeDb db;
  private final TableCodec codec;
  private final IndexDef index;
  private final List<KeyRange> ranges;
  private final List<byte[]> entryKeys;
  private final ReadOptions base;
  private final Snapshot snapshot;
  private final RowDecoder decoder;
  private final RowPredicate predicate;
  private final DataContext root;
  private final List<Object[]> buffer = new ArrayList<>();
  private int bufferPos;
  private int nextRange;
  private int nextEntryKey;
  private DbIterator iterator;

  /** Reads the index entries in {@code ranges}, or (when {@code entryKeys} is not null) exactly those entries. */
  IndexSource(CascadeDb db, TableCodec codec, IndexDef index, List<KeyRange> ranges, List<byte[]> entryKeys,
      ReadOptions base, RowDecoder decoder, RowPredicate predicate, DataContext root) {
    this.db = db;
    this.codec = codec;
    this.index = index;
    this.ranges = ranges;
    this.entryKeys = entryKeys;
    this.base = base;
    this.snapshot = base.snapshot();
    this.decoder = decoder;
    this.predicate = predicate;
    this.root = root;
  }

  @Override
  public Object[] next() {
    while (bufferPos == buffer.size()) {
      buffer.clear();
      bufferPos = 0;
      List<byte[]> rowKeys = entryKeys != null ? rowKeysOfEntryKeys() : rowKeysOfRanges();
      if (rowKeys == null) {
        return null;
      }
      fetch(rowKeys);
    }
    return buffer.get(bufferPos++);
  }

  /** The next chunk of row keys from the listed entries, or null at the end. */
  private List<byte[]> rowKeysOfEntryKeys() {
    if (nextEntryKey == entryKeys.size()) {
      return null;
    }
    List<byte[]> chunk = entryKeys.subList(nextEntryKey,
        Math.min(entryKeys.size(), nextEntryKey + PointSource.KEYS_PER_FETCH));
    nextEntryKey += chunk.size();
    List<byte[]> values = db.multiGet(chunk, snapshot);
    List<byte[]> rowKeys = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      if (values.get(i) != null) {
        rowKeys.add(codec.rowKeyOf(codec.primaryKeyOfIndexEntry(index, chunk.get(i), values.get(i))));
      }
    }
    return rowKeys;
  }

  /** The next chunk of row keys from the index ranges, or null at the end. */
  private List<byte[]> rowKeysOfRanges() {
    List<byte[]> rowKeys = new ArrayList<>();
    while (rowKeys.size() < PointSource.KEYS_PER_FETCH) {
      if (iterator == null) {
        if (nextRange == ranges.size()) {
          break;
        }
        KeyRange r = ranges.get(nextRange++);
        iterator = db.iterator(base.withBounds(r.lower(), r.upper()));
        iterator.seekToFirst();
      } else {
        iterator.next();
      }
      if (iterator.valid()) {
        rowKeys.add(codec.rowKeyOf(codec.primaryKeyOfIndexEntry(index, iterator.key(), iterator.value())));
      } else {
        iterator.close();
        iterator = null;
      }
    }
    return rowKeys.isEmpty() && iterator == null && nextRange == ranges.size() ? null : rowKeys;
  }

  private void fetch(List<byte[]> rowKeys) {
    decoder.fetchInto(db, rowKeys, snapshot, predicate, root, buffer);
  }

  @Override
  public void close() {
    if (iterator != null) {
      iterator.close();
      iterator = null;
    }
    nextRange = ranges.size();
    nextEntryKey = entryKeys == null ? 0 : entryKeys.size();
    buffer.clear();
    bufferPos = 0;
  }
}
