package dev.cascade.sql.metamorphic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The checks for one table and one predicate {@code p}, as SQLancer runs them:
 * <ul>
 *   <li>Ternary logic partitioning: the rows of the table are the multiset union of {@code WHERE p},
 *       {@code WHERE NOT (p)} and {@code WHERE (p) IS NULL}.</li>
 *   <li>NoREC: {@code COUNT(*) ... WHERE p} equals {@code SUM(CASE WHEN p THEN 1 ELSE 0 END)}, a form no rule can
 *       push into the scan.</li>
 *   <li>Pushed and unpushed plans ({@link PlanMode}) give the same rows for {@code WHERE p}, the same list for a
 *       projection ordered by the key (ascending, descending or mixed) with LIMIT and OFFSET, and the same
 *       aggregates (COUNT, MIN, MAX, SUM).</li>
 * </ul>
 *
 * <p>Not thread-safe; owned by the test thread (it uses the test's connection and random source).
 */
final class MetamorphicOracle {
  private final Connection connection;
  private final Random random;
  private final boolean comparePlans;

  /** An oracle on {@code connection}; {@code comparePlans} false skips the pushed-versus-unpushed check. */
  MetamorphicOracle(Connection connection, Random random, boolean comparePlans) {
    this.connection = connection;
    this.random = random;
    this.comparePlans = comparePlans;
  }

  /** The problems found, each naming the check, the SQL and the difference; empty if all checks hold. */
  List<String> check(TableSpec t, ResultRows all, Predicate p) {
    List<String> problems = new ArrayList<>();
    try {
      ResultRows yes = ternaryPartitions(t, all, p, problems);
      noRec(t, p, problems);
      if (comparePlans) {
        pushedVersusUnpushed(t, p, yes, problems);
      }
    } catch (QueryFailure e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  /** Checks the partitions; returns the rows of {@code WHERE p} (pushed). */
  private ResultRows ternaryPartitions(TableSpec t, ResultRows all, Predicate p, List<String> problems) {
    String from = "SELECT * FROM " + t.name() + " WHERE ";
    ResultRows yes = rows(from + p.sql(), p, PlanMode.PUSHED);
    ResultRows no = rows(from + "NOT (" + p.sql() + ")", p, PlanMode.PUSHED);
    ResultRows unknown = rows(from + "(" + p.sql() + ") IS NULL", p, PlanMode.PUSHED);
    ResultRows union = yes.plus(no).plus(unknown);
    if (!union.sameMultiset(all)) {
      problems.add("TLP: p, NOT p, p IS NULL do not partition " + t.name() + " (" + yes.size() + "+" + no.size()
          + "+" + unknown.size() + " rows vs " + all.size() + ")\n  p = " + p + "\n  union vs table: "
          + union.multisetDiff(all));
    }
    return yes;
  }

  private void noRec(TableSpec t, Predicate p, List<String> problems) {
    String counted = "SELECT COUNT(*) FROM " + t.name() + " WHERE " + p.sql();
    String summed = "SELECT SUM(CASE WHEN " + p.sql() + " THEN 1 ELSE 0 END) FROM " + t.name();
    long count = scalar(counted, p);
    long sum = scalar(summed, p);
    if (count != sum) {
      problems.add("NoREC: " + counted + " gives " + count + " but " + summed + " gives " + sum + "\n  p = " + p);
    }
  }

  private void pushedVersusUnpushed(TableSpec t, Predicate p, ResultRows pushedRows, List<String> problems) {
    String filtered = "SELECT * FROM " + t.name() + " WHERE " + p.sql();
    compare(filtered, p, pushedRows, false, problems);
    String projected = "SELECT " + projection(t) + " FROM " + t.name() + " WHERE " + p.sql() + " ORDER BY "
        + keyOrder(t) + " LIMIT " + (1 + random.nextInt(10)) + (random.nextBoolean() ? "" : " OFFSET "
        + random.nextInt(5));
    compare(projected, p, rows(projected, p, PlanMode.PUSHED), true, problems);
    String aggregated = "SELECT " + aggregates(t) + " FROM " + t.name() + " WHERE " + p.sql();
    compare(aggregated, p, rows(aggregated, p, PlanMode.PUSHED), true, problems);
  }

  /** The key columns all ascending, all descending (both match a scan direction) or mixed (needs a sort). */
  private String keyOrder(TableSpec t) {
    int mode = random.nextInt(3);
    List<String> terms = new ArrayList<>();
    for (ColumnSpec c : t.keyColumns()) {
      boolean desc = mode == 1 || (mode == 2 && random.nextBoolean());
      terms.add(c.name() + (desc ? " DESC" : ""));
    }
    return String.join(", ", terms);
  }

  /** COUNT(*), and COUNT, MIN and MAX of a random column (SUM only of exact numbers: it must not depend on order). */
  private String aggregates(TableSpec t) {
    ColumnSpec c = t.columns().get(random.nextInt(t.columns().size()));
    String agg = "COUNT(*), COUNT(" + c.name() + ")";
    if (c.kind() != ColumnKind.BOOLEAN) {
      agg += ", MIN(" + c.name() + "), MAX(" + c.name() + ")";
    }
    if (c.kind().arithmetic) {
      agg += ", SUM(" + c.name() + ")";
    }
    return agg;
  }

  private void compare(String sql, Predicate p, ResultRows pushed, boolean ordered, List<String> problems) {
    ResultRows reference = rows(sql, p, PlanMode.UNPUSHED);
    boolean same = ordered ? pushed.equals(reference) : pushed.sameMultiset(reference);
    if (!same) {
      problems.add("PUSHDOWN: pushed and unpushed plans differ for " + sql + (p.params().isEmpty() ? ""
          : "  with ? = " + p.params()) + "\n  pushed " + pushed.rows() + "\n  unpushed " + reference.rows()
          + "\n  pushed vs unpushed: " + pushed.multisetDiff(reference) + "\n  plan: " + explain(sql, p));
    }
  }

  /** A random non-empty subset of the columns, keys and non-keys mixed, in a random order. */
  private String projection(TableSpec t) {
    List<String> names = new ArrayList<>(t.columns().stream().map(ColumnSpec::name).toList());
    java.util.Collections.shuffle(names, random);
    return String.join(", ", names.subList(0, 1 + random.nextInt(names.size())));
  }

  ResultRows rows(String sql, Predicate p, PlanMode mode) {
    try (AutoCloseable ignored = mode.enter(); PreparedStatement ps = prepare(sql, p);
        ResultSet rs = ps.executeQuery()) {
      return ResultRows.read(rs);
    } catch (Exception e) {
      throw new QueryFailure(mode + " query failed: " + sql + (p.params().isEmpty() ? "" : "  with ? = "
          + p.params()) + "\n  " + describe(e));
    }
  }

  private long scalar(String sql, Predicate p) {
    ResultRows r = rows(sql, p, PlanMode.PUSHED);
    String v = r.rows().isEmpty() ? "NULL" : r.rows().get(0);
    return v.equals("NULL") ? 0 : Long.parseLong(v);
  }

  private String explain(String sql, Predicate p) {
    try {
      return String.join("\n    ", rows("EXPLAIN PLAN FOR " + sql, p, PlanMode.PUSHED).rows());
    } catch (QueryFailure e) {
      return "(EXPLAIN failed)";
    }
  }

  private PreparedStatement prepare(String sql, Predicate p) throws SQLException {
    PreparedStatement ps = connection.prepareStatement(sql);
    for (int i = 0; i < p.params().size(); i++) {
      ps.setObject(i + 1, p.params().get(i));
    }
    return ps;
  }

  static String describe(Throwable e) {
    StringBuilder b = new StringBuilder(e.getClass().getSimpleName());
    if (e instanceof SQLException se && se.getSQLState() != null) {
      b.append(" [").append(se.getSQLState()).append(']');
    }
    b.append(": ").append(e.getMessage());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e) {
      b.append("\n  root cause ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
    }
    return b.toString();
  }

  /** A query that threw; carries the report line. */
  static final class QueryFailure extends RuntimeException {
    QueryFailure(String message) {
      super(message);
    }
  }
}
