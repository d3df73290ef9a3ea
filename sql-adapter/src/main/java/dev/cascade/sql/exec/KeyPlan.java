package dev.cascade.sql.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * The key range a scan reads, over the leading columns of the primary key (or of an index): one
 * {@link KeyCondition} per leading column, every one but the last a set of points, so the byte ranges are the
 * cartesian product of the point sets, each followed by the ranges of the last column. When every primary-key
 * column is covered by points the scan is a set of point lookups.
 *
 * @param columns conditions on key columns 0..n-1, in key order
 * @param names the column names, for EXPLAIN
 * @param pointLookup every key column is fixed: read by multiGet instead of iterators
 *
 * <p>Immutable.
 */
public record KeyPlan(List<KeyCondition> columns, List<String> names, boolean pointLookup) {

  public KeyPlan {
    columns = List.copyOf(columns);
    names = List.copyOf(names);
  }

  /** The same ranges, read as point lookups or not. */
  public KeyPlan withPointLookup(boolean point) {
    return new KeyPlan(columns, names, point);
  }

  /** How many leading columns are fixed to points. */
  public int pointColumns() {
    int n = 0;
    while (n < columns.size() && columns.get(n).points()) {
      n++;
    }
    return n;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      parts.add(columns.get(i).describe(names.get(i)));
    }
    return String.join(", ", parts);
  }
}
