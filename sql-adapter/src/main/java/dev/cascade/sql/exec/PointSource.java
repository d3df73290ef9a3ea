package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Snapshot;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Reads rows by full primary key with {@link CascadeDb#multiGet} (one hand-off per shard per chunk of keys), in the
 * order of the keys, applying the pushed filter on the caller's thread.
 *
 * <p>Owned by its enumerator (one thread at a time).
 */
final class PointSource implements RowSource {
  /** Keys fetched per multiGet. */
  static final int KEYS_PER_FETCH = 256;

  private final CascadeDb db;
  private final List<byte[]> keys;
  private final Snapshot snapshot;
  private final RowDecoder decoder;
  private final RowPredicate predicate;
  private final DataContext root;
  private final List<Object[]> buffer = new ArrayList<>();
  private int bufferPos;
  private int nextKey;

  PointSource(CascadeDb db, List<byte[]> keys, boolean descending, Snapshot snapshot, RowDecoder decoder,
      RowPredicate predicate, DataContext root) {
    this.db = db;
    this.keys = descending ? keys.reversed() : keys;
    this.snapshot = snapshot;
    this.decoder = decoder;
    this.predicate = predicate;
    this.root = root;
  }

  @Override
  public Object[] next() {
    while (bufferPos == buffer.size()) {
      if (nextKey == keys.size()) {
        return null;
      }
      fetch();
    }
    return buffer.get(bufferPos++);
  }

  private void fetch() {
    buffer.clear();
    bufferPos = 0;
    List<byte[]> chunk = keys.subList(nextKey, Math.min(keys.size(), nextKey + KEYS_PER_FETCH));
    nextKey += chunk.size();
    decoder.fetchInto(db, chunk, snapshot, predicate, root, buffer);
  }

  @Override
  public void close() {
    nextKey = keys.size();
    buffer.clear();
    bufferPos = 0;
  }
}
