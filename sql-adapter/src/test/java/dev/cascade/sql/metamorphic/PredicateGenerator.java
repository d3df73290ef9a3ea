package dev.cascade.sql.metamorphic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random predicates over a {@link TableSpec}: comparisons (=, &lt;&gt;, &lt;, &lt;=, &gt;, &gt;=) with literals,
 * parameters and other columns, BETWEEN, IN lists (some holding NULL), IS [NOT] NULL, LIKE, arithmetic, and AND, OR,
 * NOT over them. Half the leaves use key columns, mostly the leading one, so key-range pushdown gets exercised.
 *
 * <p>Not thread-safe; owned by the test that made it.
 */
final class PredicateGenerator {
  private static final String[] COMPARISONS = {"=", "<>", "<", "<=", ">", ">="};
  private static final String[] LIKE_PATTERNS = {"a%", "%b", "_", "a_%", "%", "%\u00e9%", "a"};
  private static final int DEPTH_MAX = 3;

  private final TableSpec table;
  private final Random random;

  PredicateGenerator(TableSpec table, Random random) {
    this.table = table;
    this.random = random;
  }

  Predicate next() {
    List<Object> params = new ArrayList<>();
    String sql = node(0, params);
    return new Predicate(sql, params);
  }

  private String node(int depth, List<Object> params) {
    int choice = depth >= DEPTH_MAX ? 0 : random.nextInt(10);
    return switch (choice) {
      case 6, 7 -> "(" + node(depth + 1, params) + " AND " + node(depth + 1, params) + ")";
      case 8 -> "(" + node(depth + 1, params) + " OR " + node(depth + 1, params) + ")";
      case 9 -> "NOT (" + node(depth + 1, params) + ")";
      default -> leaf(params);
    };
  }

  private String leaf(List<Object> params) {
    ColumnSpec c = column();
    int choice = random.nextInt(12);
    return switch (choice) {
      case 0, 1 -> c.name() + " " + comparison() + " " + value(c.kind(), params);
      case 2 -> c.name() + (random.nextInt(4) == 0 ? " NOT" : "") + " BETWEEN " + value(c.kind(), params) + " AND "
          + value(c.kind(), params);
      case 3 -> c.name() + (random.nextInt(4) == 0 ? " NOT" : "") + " IN (" + inList(c.kind(), params) + ")";
      case 4 -> c.name() + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
      case 5 -> columnComparison(c);
      case 6 -> like(c);
      case 7 -> arithmetic(c, params);
      case 8 -> c.kind() == ColumnKind.BOOLEAN ? c.name() : c.name() + " = " + value(c.kind(), params);
      default -> c.name() + " " + comparison() + " " + value(c.kind(), params);
    };
  }

  /** Key columns half the time (the leading one most often), any column otherwise. */
  private ColumnSpec column() {
    List<ColumnSpec> cols = table.columns();
    if (random.nextBoolean()) {
      return random.nextInt(3) == 0 ? cols.get(random.nextInt(table.keyCount())) : cols.get(0);
    }
    return cols.get(random.nextInt(cols.size()));
  }

  private String comparison() {
    return COMPARISONS[random.nextInt(COMPARISONS.length)];
  }

  /** A literal, a {@code ?} (one in four), or rarely a typed NULL. */
  private String value(ColumnKind kind, List<Object> params) {
    if (random.nextInt(25) == 0) {
      return kind.literal(null);
    }
    Object v = kind.randomValue(random);
    if (random.nextInt(4) == 0) {
      params.add(v);
      return "?";
    }
    return kind.literal(v);
  }

  private String inList(ColumnKind kind, List<Object> params) {
    int n = 1 + random.nextInt(4);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append(value(kind, params));
    }
    return b.toString();
  }

  private String columnComparison(ColumnSpec c) {
    for (ColumnSpec other : table.columns()) {
      if (other != c && other.kind().comparableWith(c.kind()) && random.nextBoolean()) {
        return c.name() + " " + comparison() + " " + other.name();
      }
    }
    return c.name() + " = " + c.name();
  }

  private String like(ColumnSpec c) {
    if (c.kind() != ColumnKind.VARCHAR) {
      return c.name() + " IS NOT NULL";
    }
    String not = random.nextInt(4) == 0 ? " NOT" : "";
    return c.name() + not + " LIKE '" + LIKE_PATTERNS[random.nextInt(LIKE_PATTERNS.length)] + "'";
  }

  /** {@code (c + k) op v}, {@code (c * k) op v} or {@code (c - d) op v} on small-domain numeric columns. */
  private String arithmetic(ColumnSpec c, List<Object> params) {
    if (!c.kind().arithmetic) {
      return c.name() + " " + comparison() + " " + value(c.kind(), params);
    }
    int k = random.nextInt(7) - 3;
    String expr = switch (random.nextInt(3)) {
      case 0 -> "(" + c.name() + " + " + k + ")";
      case 1 -> "(" + c.name() + " * " + k + ")";
      default -> "(" + c.name() + " - " + otherArithmetic(c).name() + ")";
    };
    return expr + " " + comparison() + " " + value(ColumnKind.INTEGER, params);
  }

  private ColumnSpec otherArithmetic(ColumnSpec c) {
    for (ColumnSpec other : table.columns()) {
      if (other != c && other.kind().arithmetic) {
        return other;
      }
    }
    return c;
  }
}
