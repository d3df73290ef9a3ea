package dev.cascade.sql.exec;

import dev.cascade.engine.EntryFilter;
import dev.cascade.engine.table.TableCodec;
import java.lang.foreign.MemorySegment;
import org.apache.calcite.DataContext;

/**
 * A pushed-down WHERE clause as the shards run it: first the predicate's {@link ColumnComparisons} on the encoded
 * value (no decoding), then the rest of it on the entry decoded in place (only the columns it reads), so rejected
 * rows never leave their shard. When a parameter of the comparisons is not an integer, the whole predicate runs on
 * the decoded entry instead.
 *
 * <p>Immutable and thread-safe (runs on several shard threads at once).
 */
final class RowEntryFilter implements EntryFilter {
  /** Evaluated first on the encoded value, or null. */
  private final ColumnComparisons.Bound comparisons;
  /** Evaluated on the decoded entry after the comparisons, or null when they are the whole predicate. */
  private final RowPredicate rest;
  private final RowDecoder decoder;
  private final DataContext root;

  RowEntryFilter(TableCodec codec, RowPredicate predicate, DataContext root) {
    ColumnComparisons.Bound bound = predicate.comparisons() == null ? null : predicate.comparisons().bind(codec, root);
    this.comparisons = bound;
    this.rest = bound == null ? predicate : predicate.residual();
    this.decoder = rest == null ? null : new RowDecoder(codec, rest.columns());
    this.root = rest == null ? null : FrozenParameters.of(root, rest.parameters());
  }

  @Override
  public boolean test(MemorySegment key, MemorySegment value) {
    if (comparisons != null && !comparisons.test(value)) {
      return false;
    }
    return rest == null || rest.test(decoder.decode(key, value), root);
  }

  @Override
  public boolean test(byte[] array, int keyOffset, int keyLength, int valueOffset, int valueLength) {
    if (comparisons != null && !comparisons.test(array, valueOffset, valueLength)) {
      return false;
    }
    if (rest == null) {
      return true;
    }
    MemorySegment all = MemorySegment.ofArray(array);
    return rest.test(decoder.decode(all.asSlice(keyOffset, keyLength), all.asSlice(valueOffset, valueLength)), root);
  }

  @Override
  public String toString() {
    return "RowEntryFilter[" + (comparisons != null ? "in place " + comparisons + ", then " : "") + rest + "]";
  }
}
