package dev.cascade.sql.exec;

import dev.cascade.engine.EntryFilter;
import java.lang.foreign.MemorySegment;
import org.apache.calcite.DataContext;

/**
 * A pushed-down WHERE clause as the shards run it: decodes the entry in place and keeps it only when the predicate
 * is TRUE, so rejected rows never leave their shard.
 *
 * <p>Immutable and thread-safe (runs on several shard threads at once).
 */
final class RowEntryFilter implements EntryFilter {
  private final RowDecoder decoder;
  private final RowPredicate predicate;
  private final DataContext root;

  RowEntryFilter(RowDecoder decoder, RowPredicate predicate, DataContext root) {
    this.decoder = decoder;
    this.predicate = predicate;
    this.root = FrozenParameters.of(root, predicate.parameters());
  }

  @Override
  public boolean test(MemorySegment key, MemorySegment value) {
    return predicate.test(decoder.decode(key, value), root);
  }

  @Override
  public String toString() {
    return "RowEntryFilter[" + predicate + "]";
  }
}
