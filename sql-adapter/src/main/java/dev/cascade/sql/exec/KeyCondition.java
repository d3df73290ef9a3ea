package dev.cascade.sql.exec;

import com.google.common.collect.BoundType;
import com.google.common.collect.ImmutableRangeSet;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import com.google.common.collect.TreeRangeSet;
import dev.cascade.engine.table.ColumnType;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.DataContext;

/**
 * The values one key column may take, as far as the pushed-down predicates on that column say: a tree of
 * intervals, unions and intersections whose bounds are {@link Operand}s, so {@code ?} parameters are resolved when
 * the scan starts ({@link #resolve}). A comparison with NULL admits nothing (SQL's UNKNOWN is not TRUE).
 *
 * <p>Immutable.
 */
public sealed interface KeyCondition {

  /** The set of admitted values, in the engine representation of {@code type}. */
  RangeSet<Comparable<?>> resolve(ColumnType type, DataContext root);

  /** Whether every value set this can resolve to is a finite set of points (so a next key column can follow). */
  boolean points();

  /** Text for EXPLAIN, with {@code column} standing for the column. */
  String describe(String column);

  /** Exactly {@code value}. */
  record Point(Operand value) implements KeyCondition {
    @Override
    public RangeSet<Comparable<?>> resolve(ColumnType type, DataContext root) {
      Comparable<?> v = comparable(value.resolve(root, type));
      return v == null ? ImmutableRangeSet.of() : ImmutableRangeSet.of(Range.singleton(v));
    }

    @Override
    public boolean points() {
      return true;
    }

    @Override
    public String describe(String column) {
      return column + " = " + value;
    }
  }

  /** An interval; a null bound is unbounded on that side. */
  record Interval(Operand lower, boolean lowerInclusive, Operand upper, boolean upperInclusive)
      implements KeyCondition {
    @Override
    public RangeSet<Comparable<?>> resolve(ColumnType type, DataContext root) {
      Comparable<?> lo = lower == null ? null : comparable(lower.resolve(root, type));
      Comparable<?> hi = upper == null ? null : comparable(upper.resolve(root, type));
      if ((lower != null && lo == null) || (upper != null && hi == null)) {
        return ImmutableRangeSet.of();
      }
      Range<Comparable<?>> r = range(lo, lowerInclusive, hi, upperInclusive);
      return r == null ? ImmutableRangeSet.of() : ImmutableRangeSet.of(r);
    }

    @Override
    public boolean points() {
      return false;
    }

    @Override
    public String describe(String column) {
      if (lower != null && upper != null) {
        return column + " in " + (lowerInclusive ? "[" : "(") + lower + ", " + upper + (upperInclusive ? "]" : ")");
      }
      if (lower != null) {
        return column + (lowerInclusive ? " >= " : " > ") + lower;
      }
      return upper == null ? "true" : column + (upperInclusive ? " <= " : " < ") + upper;
    }
  }

  /** The union of the parts (an OR, an IN list, a search argument). */
  record AnyOf(List<KeyCondition> parts) implements KeyCondition {
    @Override
    public RangeSet<Comparable<?>> resolve(ColumnType type, DataContext root) {
      TreeRangeSet<Comparable<?>> s = TreeRangeSet.create();
      for (KeyCondition p : parts) {
        s.addAll(p.resolve(type, root));
      }
      return s;
    }

    @Override
    public boolean points() {
      return parts.stream().allMatch(KeyCondition::points);
    }

    @Override
    public String describe(String column) {
      if (parts.stream().allMatch(p -> p instanceof Point)) {
        return column + " IN (" + parts.stream().map(p -> ((Point) p).value().toString())
            .collect(Collectors.joining(", ")) + ")";
      }
      return parts.stream().map(p -> p.describe(column)).collect(Collectors.joining(" OR ", "(", ")"));
    }
  }

  /** The intersection of the parts (an AND of conditions on the same column). */
  record AllOf(List<KeyCondition> parts) implements KeyCondition {
    @Override
    public RangeSet<Comparable<?>> resolve(ColumnType type, DataContext root) {
      TreeRangeSet<Comparable<?>> s = TreeRangeSet.create();
      s.add(Range.all());
      for (KeyCondition p : parts) {
        s.removeAll(p.resolve(type, root).complement());
      }
      return s;
    }

    @Override
    public boolean points() {
      return parts.stream().anyMatch(KeyCondition::points);
    }

    @Override
    public String describe(String column) {
      return parts.size() == 1 ? parts.getFirst().describe(column)
          : parts.stream().map(p -> p.describe(column)).collect(Collectors.joining(" AND ", "(", ")"));
    }
  }

  /** A Guava range, or null when the bounds admit nothing. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Range<Comparable<?>> range(Comparable<?> lo, boolean loInclusive, Comparable<?> hi, boolean hiInclusive) {
    if (lo != null && hi != null) {
      int c = ((Comparable) lo).compareTo(hi);
      if (c > 0 || (c == 0 && !(loInclusive && hiInclusive))) {
        return null;
      }
      return Range.range((Comparable) lo, bound(loInclusive), (Comparable) hi, bound(hiInclusive));
    }
    if (lo != null) {
      return Range.downTo((Comparable) lo, bound(loInclusive));
    }
    if (hi != null) {
      return Range.upTo((Comparable) hi, bound(hiInclusive));
    }
    return Range.all();
  }

  private static BoundType bound(boolean inclusive) {
    return inclusive ? BoundType.CLOSED : BoundType.OPEN;
  }

  /** Engine values as comparables in key order ({@code byte[]} compares unsigned, as keys do). */
  static Comparable<?> comparable(Object engineValue) {
    return switch (engineValue) {
      case null -> null;
      case byte[] b -> new UnsignedBytes(b);
      case Comparable<?> c -> c;
      default -> throw new IllegalArgumentException("not a key value: " + engineValue.getClass());
    };
  }

  /** A byte string compared as unsigned bytes. Immutable (the array is never changed). */
  record UnsignedBytes(byte[] bytes) implements Comparable<UnsignedBytes> {
    @Override
    public int compareTo(UnsignedBytes o) {
      return java.util.Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UnsignedBytes u && java.util.Arrays.equals(bytes, u.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }
  }
}
