package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.ReadOptions;
import java.util.List;

/**
 * Reads key ranges one after another through engine iterators (each a set of tasks on the shards involved, merged
 * in key order by the store), streaming batch by batch: the next batch is requested only when the caller has
 * consumed the previous one. Descending scans walk the ranges backwards with {@link DbIterator#prev()}.
 *
 * <p>Owned by its enumerator (one thread at a time).
 */
final class RangeSource implements RowSource {
  private final CascadeDb db;
  private final List<KeyRange> ranges;
  private final ReadOptions base;
  private final boolean descending;
  private final RowDecoder decoder;
  private int nextRange;
  private DbIterator iterator;
  private boolean started;

  /** {@code ranges} in ascending key order; read backwards when {@code descending}. */
  RangeSource(CascadeDb db, List<KeyRange> ranges, ReadOptions base, boolean descending, RowDecoder decoder) {
    this.db = db;
    this.ranges = descending ? ranges.reversed() : ranges;
    this.base = base;
    this.descending = descending;
    this.decoder = decoder;
  }

  @Override
  public Object[] next() {
    while (true) {
      if (iterator != null) {
        if (started) {
          if (descending) {
            iterator.prev();
          } else {
            iterator.next();
          }
        }
        started = true;
        if (iterator.valid()) {
          return decoder.decode(iterator.key(), iterator.value());
        }
        iterator.close();
        iterator = null;
      }
      if (nextRange == ranges.size()) {
        return null;
      }
      open(ranges.get(nextRange++));
    }
  }

  private void open(KeyRange r) {
    iterator = db.iterator(ShardReads.restrict(base.withBounds(r.lower(), r.upper()), r.shard()));
    started = false;
    if (descending) {
      iterator.seekToLast();
    } else {
      iterator.seekToFirst();
    }
  }

  @Override
  public void close() {
    if (iterator != null) {
      iterator.close();
      iterator = null;
    }
    nextRange = ranges.size();
  }
}
