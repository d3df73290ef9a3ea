package dev.cascade.sql.exec;

import dev.cascade.engine.EntryFilter;
import java.lang.foreign.MemorySegment;
import org.apache.calcite.DataContext;

/**
 * Computes a pushed aggregate inside the shards: folds the entries that pass the pushed filter into one
 * {@link Accumulator} per call, and rejects every entry so nothing is copied out of a shard. The whole scan runs
 * inside the shards without a row reaching the caller, so the filter itself checks the statement's cancel flag and
 * timeout ({@link StatementGuard}) at every entry: a stopped statement fails its shard tasks with HY008 or HYT00.
 *
 * <p>Thread-safe: shards fold concurrently into thread-safe accumulators; the caller reads the result after the
 * scan.
 */
final class AggregatingEntryFilter implements EntryFilter {
  private final RowDecoder decoder;
  private final RowPredicate predicate;
  private final DataContext root;
  private final Accumulator[] accumulators;
  private final boolean decode;
  private final StatementGuard guard;

  AggregatingEntryFilter(RowDecoder decoder, RowPredicate predicate, DataContext root, AggregateSpec aggregate) {
    this.guard = StatementGuard.of(root);
    this.decoder = decoder;
    this.predicate = predicate;
    this.root = predicate == null ? root : FrozenParameters.of(root, predicate.parameters());
    this.accumulators = aggregate.calls().stream().map(Accumulator::new).toArray(Accumulator[]::new);
    this.decode = predicate != null || !aggregate.onlyCountStar();
  }

  @Override
  public boolean test(MemorySegment key, MemorySegment value) {
    if (!decode) {
      guard.check();
      for (Accumulator a : accumulators) {
        a.addRow();
      }
      return false;
    }
    accept(decoder.decode(key, value));
    return false;
  }

  /** Folds a decoded row (also used for rows read by point or index lookups on the caller's thread). */
  void accept(Object[] row) {
    guard.check();
    if (predicate != null && !predicate.test(row, root)) {
      return;
    }
    for (Accumulator a : accumulators) {
      a.add(row);
    }
  }

  /** The aggregate row: one value per call. */
  Object[] result() {
    Object[] row = new Object[accumulators.length];
    for (int i = 0; i < accumulators.length; i++) {
      row[i] = accumulators[i].result();
    }
    return row;
  }
}
