package dev.cascade.sql.exec;

import com.google.common.collect.BoundType;
import com.google.common.collect.Range;
import com.google.common.collect.RangeSet;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.sql.SqlStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Turns a {@link KeyPlan} into the sorted, disjoint byte ranges (or sorted point keys) a scan reads, once the
 * statement's parameters are known: resolves each column's value set, takes the cartesian product of the leading
 * point sets, encodes the bounds with the table's order-preserving key encoding and merges overlapping ranges.
 *
 * @param ranges byte ranges in ascending key order, disjoint (empty when the predicates admit nothing)
 * @param points full primary keys in ascending order, for a point-lookup plan (else empty)
 *
 * <p>Immutable.
 */
public record KeyRanges(List<KeyRange> ranges, List<byte[]> points) {

  /** Most key prefixes the IN lists of one scan may multiply out to. */
  public static final int KEY_PREFIXES_MAX = 100_000;

  /** How a scan encodes key prefixes: the primary key or one index. */
  public interface Encoder {
    byte[] prefix(Object[] values);

    byte[] lowerBound();

    byte[] upperBound();

    /** The full key of a row given all its key values (point lookups), or null when not a primary key. */
    byte[] fullKey(Object[] values);

    /** The shard of rows whose leading key values are {@code values}, or -1 if they do not fix one. */
    int shardOf(Object[] values);
  }

  /** The primary key of {@code codec}'s table, spread over {@code shardCount} shards. */
  public static Encoder primaryKey(TableCodec codec, int shardCount) {
    int partitionColumns = codec.table().partitionColumns();
    return new Encoder() {
      @Override
      public byte[] prefix(Object[] values) {
        return codec.rowKeyPrefix(values);
      }

      @Override
      public byte[] lowerBound() {
        return codec.rowsLowerBound();
      }

      @Override
      public byte[] upperBound() {
        return codec.rowsUpperBound();
      }

      @Override
      public byte[] fullKey(Object[] values) {
        return codec.rowKeyOf(values);
      }

      @Override
      public int shardOf(Object[] values) {
        return values.length < partitionColumns ? -1
            : codec.shardOf(Arrays.copyOf(values, partitionColumns), shardCount);
      }
    };
  }

  /** The entries of {@code index} of {@code codec}'s table (UNIQUE indexes have full keys for point lookups). */
  public static Encoder index(TableCodec codec, IndexDef index) {
    int width = codec.table().columns().size();
    return new Encoder() {
      @Override
      public byte[] prefix(Object[] values) {
        return codec.indexKeyPrefix(index, values);
      }

      @Override
      public byte[] lowerBound() {
        return codec.indexLowerBound(index);
      }

      @Override
      public byte[] upperBound() {
        return codec.indexUpperBound(index);
      }

      @Override
      public byte[] fullKey(Object[] values) {
        if (!index.unique()) {
          throw new IllegalStateException("point lookups need a UNIQUE index, not " + index.name());
        }
        Object[] row = new Object[width];
        for (int i = 0; i < values.length; i++) {
          row[index.columns()[i]] = values[i];
        }
        return codec.uniqueIndexKey(index, row);
      }

      @Override
      public int shardOf(Object[] values) {
        return -1;
      }
    };
  }

  /** Resolves {@code plan} over key columns of the given types. */
  public static KeyRanges resolve(KeyPlan plan, List<ColumnType> types, Encoder encoder, DataContext root) {
    int n = plan.columns().size();
    if (plan.pointLookup() && singlePoints(plan)) {
      // One value per key column (WHERE id = ?, the commonest statement): one key, without range sets.
      Object[] values = new Object[n];
      for (int i = 0; i < n; i++) {
        values[i] = ((KeyCondition.Point) plan.columns().get(i)).value().resolve(root, types.get(i));
        if (values[i] == null) {
          return new KeyRanges(List.of(), List.of());
        }
      }
      return new KeyRanges(List.of(), List.of(encoder.fullKey(values)));
    }
    List<Object[]> prefixes = new ArrayList<>();
    prefixes.add(new Object[0]);
    for (int i = 0; i < n - 1; i++) {
      prefixes = extend(prefixes, points(plan.columns().get(i).resolve(types.get(i), root)));
      if (prefixes.isEmpty()) {
        return new KeyRanges(List.of(), List.of());
      }
    }
    RangeSet<Comparable<?>> last = plan.columns().get(n - 1).resolve(types.get(n - 1), root);
    if (plan.pointLookup()) {
      List<byte[]> keys = new ArrayList<>();
      for (Object[] p : extend(prefixes, points(last))) {
        keys.add(encoder.fullKey(p));
      }
      keys.sort(Arrays::compareUnsigned);
      return new KeyRanges(List.of(), dedupe(keys));
    }
    List<KeyRange> ranges = new ArrayList<>();
    for (Object[] p : prefixes) {
      for (Range<Comparable<?>> r : last.asRanges()) {
        KeyRange kr = encode(p, r, encoder);
        if (Arrays.compareUnsigned(kr.lower(), kr.upper()) < 0) {
          ranges.add(kr);
        }
      }
    }
    return new KeyRanges(merge(ranges), List.of());
  }

  /** Whether every column of {@code plan} is fixed to one value (no IN list, no OR). */
  private static boolean singlePoints(KeyPlan plan) {
    for (KeyCondition c : plan.columns()) {
      if (!(c instanceof KeyCondition.Point)) {
        return false;
      }
    }
    return true;
  }

  /** All of {@code encoder}'s keys as one range. */
  public static KeyRanges all(Encoder encoder) {
    return new KeyRanges(List.of(new KeyRange(encoder.lowerBound(), encoder.upperBound(), -1)), List.of());
  }

  private static List<Object> points(RangeSet<Comparable<?>> set) {
    List<Object> values = new ArrayList<>();
    for (Range<Comparable<?>> r : set.asRanges()) {
      if (!r.hasLowerBound() || !r.hasUpperBound() || r.lowerBoundType() != BoundType.CLOSED
          || r.upperBoundType() != BoundType.CLOSED || !r.lowerEndpoint().equals(r.upperEndpoint())) {
        throw new IllegalStateException("key column expected to be fixed to points, got " + r);
      }
      values.add(engineValue(r.lowerEndpoint()));
    }
    return values;
  }

  private static List<Object[]> extend(List<Object[]> prefixes, List<Object> values) {
    if ((long) prefixes.size() * values.size() > KEY_PREFIXES_MAX) {
      throw new SqlStateException("54000", "the IN lists on the key columns multiply out to more than "
          + KEY_PREFIXES_MAX + " key prefixes (KeyRanges.KEY_PREFIXES_MAX); split the query");
    }
    List<Object[]> out = new ArrayList<>(prefixes.size() * values.size());
    for (Object[] p : prefixes) {
      for (Object v : values) {
        Object[] q = Arrays.copyOf(p, p.length + 1);
        q[p.length] = v;
        out.add(q);
      }
    }
    return out;
  }

  private static KeyRange encode(Object[] prefix, Range<Comparable<?>> r, Encoder e) {
    byte[] whole = prefix.length == 0 ? null : e.prefix(prefix);
    byte[] lower;
    if (r.hasLowerBound()) {
      byte[] k = e.prefix(append(prefix, r.lowerEndpoint()));
      lower = r.lowerBoundType() == BoundType.CLOSED ? k : successorOr(k, e.upperBound());
    } else {
      lower = whole == null ? e.lowerBound() : whole;
    }
    byte[] upper;
    if (r.hasUpperBound()) {
      byte[] k = e.prefix(append(prefix, r.upperEndpoint()));
      upper = r.upperBoundType() == BoundType.CLOSED ? successorOr(k, e.upperBound()) : k;
    } else {
      upper = whole == null ? e.upperBound() : successorOr(whole, e.upperBound());
    }
    return new KeyRange(lower, upper, e.shardOf(prefix));
  }

  private static Object[] append(Object[] prefix, Comparable<?> value) {
    Object[] q = Arrays.copyOf(prefix, prefix.length + 1);
    q[prefix.length] = engineValue(value);
    return q;
  }

  private static byte[] successorOr(byte[] key, byte[] otherwise) {
    byte[] s = TableCodec.successor(key);
    return s == null ? otherwise : s;
  }

  private static Object engineValue(Comparable<?> c) {
    return c instanceof KeyCondition.UnsignedBytes u ? u.bytes() : c;
  }

  private static List<KeyRange> merge(List<KeyRange> ranges) {
    ranges.sort(Comparator.comparing(KeyRange::lower, Arrays::compareUnsigned));
    List<KeyRange> out = new ArrayList<>();
    for (KeyRange r : ranges) {
      KeyRange prev = out.isEmpty() ? null : out.getLast();
      if (prev != null && Arrays.compareUnsigned(r.lower(), prev.upper()) <= 0) {
        byte[] upper = Arrays.compareUnsigned(r.upper(), prev.upper()) > 0 ? r.upper() : prev.upper();
        out.set(out.size() - 1, new KeyRange(prev.lower(), upper, prev.shard() == r.shard() ? r.shard() : -1));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  private static List<byte[]> dedupe(List<byte[]> sorted) {
    List<byte[]> out = new ArrayList<>(sorted.size());
    for (byte[] k : sorted) {
      if (out.isEmpty() || !Arrays.equals(out.getLast(), k)) {
        out.add(k);
      }
    }
    return out;
  }
}
