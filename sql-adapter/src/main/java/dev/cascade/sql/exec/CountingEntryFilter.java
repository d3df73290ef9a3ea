package dev.cascade.sql.exec;

import dev.cascade.engine.EntryFilter;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.DataContext;

/**
 * Counts, inside the shards, the entries that pass the pushed filter (COUNT(*), and COUNT(column) for non-NULL
 * values), and rejects every entry so nothing is copied out of a shard.
 *
 * <p>Thread-safe: shards count concurrently into {@link LongAdder}s; the caller reads the sums after the scan.
 */
final class CountingEntryFilter implements EntryFilter {
  private final RowDecoder decoder;
  private final RowPredicate predicate;
  private final DataContext root;
  private final int[] countColumns;
  private final LongAdder[] counts;
  private final boolean decode;

  CountingEntryFilter(RowDecoder decoder, RowPredicate predicate, DataContext root, AggregateSpec aggregate) {
    this.decoder = decoder;
    this.predicate = predicate;
    this.root = root;
    this.countColumns = aggregate.countColumns();
    this.counts = new LongAdder[countColumns.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
    this.decode = predicate != null || !aggregate.onlyCountStar();
  }

  @Override
  public boolean test(MemorySegment key, MemorySegment value) {
    if (!decode) {
      for (LongAdder c : counts) {
        c.increment();
      }
      return false;
    }
    accept(decoder.decode(key, value));
    return false;
  }

  /** Counts a decoded row (also used for rows read by point lookups on the caller's thread). */
  void accept(Object[] row) {
    if (predicate != null && !predicate.test(row, root)) {
      return;
    }
    for (int i = 0; i < counts.length; i++) {
      if (countColumns[i] < 0 || row[countColumns[i]] != null) {
        counts[i].increment();
      }
    }
  }

  /** The aggregate row: one count per output column. */
  Object[] result() {
    Object[] row = new Object[counts.length];
    for (int i = 0; i < counts.length; i++) {
      row[i] = counts[i].sum();
    }
    return row;
  }
}
