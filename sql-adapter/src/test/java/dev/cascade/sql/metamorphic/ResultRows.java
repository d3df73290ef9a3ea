package dev.cascade.sql.metamorphic;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/**
 * Rows read from a result set, each rendered as one string with values normalised so that equal SQL values compare
 * equal (numbers by value whatever their Java class or scale; dates by their ISO text), and multiset or list
 * comparisons between them.
 *
 * <p>Immutable.
 */
record ResultRows(List<String> rows) {
  private static final int DIFF_SHOWN_MAX = 8;

  ResultRows {
    rows = List.copyOf(rows);
  }

  static ResultRows read(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        b.append(i == 1 ? "" : " | ").append(render(rs.getObject(i)));
      }
      rows.add(b.toString());
    }
    return new ResultRows(rows);
  }

  /** The rows of a model (Java values as {@link ColumnKind} makes them). */
  static ResultRows of(List<Object[]> model) {
    List<String> rows = new ArrayList<>();
    for (Object[] row : model) {
      rows.add(String.join(" | ", Arrays.stream(row).map(ResultRows::render).toList()));
    }
    return new ResultRows(rows);
  }

  static String render(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Float f) {
      return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
    }
    if (v instanceof Number num) {
      return new BigDecimal(num.toString()).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  ResultRows sorted() {
    List<String> s = new ArrayList<>(rows);
    Collections.sort(s);
    return new ResultRows(s);
  }

  /** The multiset union. */
  ResultRows plus(ResultRows other) {
    List<String> all = new ArrayList<>(rows);
    all.addAll(other.rows);
    return new ResultRows(all);
  }

  int size() {
    return rows.size();
  }

  /** Whether both hold the same rows with the same multiplicities, in any order. */
  boolean sameMultiset(ResultRows other) {
    return sorted().equals(other.sorted());
  }

  /** Rows whose count differs between the two multisets, at most a few, as "+row" (only here) or "-row". */
  String multisetDiff(ResultRows other) {
    TreeMap<String, Integer> count = new TreeMap<>();
    rows.forEach(r -> count.merge(r, 1, Integer::sum));
    other.rows.forEach(r -> count.merge(r, -1, Integer::sum));
    List<String> out = new ArrayList<>();
    count.forEach((row, c) -> {
      if (c != 0 && out.size() < DIFF_SHOWN_MAX) {
        out.add((c > 0 ? "+" : "-") + Math.abs(c) + "x [" + row + "]");
      }
    });
    return "sizes " + size() + " vs " + other.size() + "; " + String.join(", ", out);
  }
}
