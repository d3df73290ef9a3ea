package dev.cascade.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each pushdown, asserted in the plan (EXPLAIN shows what Cascade does) and in the rows (against the Java model):
 * key ranges and point lookups with literals and parameters, the shard filter, projection, key order, limit and
 * COUNT.
 */
class PushdownTest {
  @TempDir
  static Path tmp;
  static TestStore db;
  static ItemsFixture items;

  @BeforeAll
  static void setUp() throws Exception {
    db = TestStore.open(tmp, 4);
    items = ItemsFixture.load(db);
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  /** Asserts the plan contains every fragment, and the rows equal the model's. */
  static void check(String sql, List<List<Object>> expected, List<String> planContains, Object... params)
      throws Exception {
    String plan = db.explain(sql);
    for (String fragment : planContains) {
      assertTrue(plan.contains(fragment), () -> "plan of " + sql + " lacks " + fragment + ":\n" + plan);
    }
    assertEquals(norm(expected), norm(db.query(sql, params)), () -> sql + "\n" + plan);
  }

  static List<List<Object>> norm(List<List<Object>> rows) {
    List<List<Object>> out = new ArrayList<>();
    for (List<Object> r : rows) {
      List<Object> n = new ArrayList<>();
      for (Object v : r) {
        n.add(v instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : v);
      }
      out.add(n);
    }
    return out;
  }

  static int k1(Object[] r) {
    return (Integer) r[0];
  }

  static String k2(Object[] r) {
    return (String) r[1];
  }

  static List<List<Object>> where(Predicate<Object[]> p) {
    return items.select(p);
  }

  @Test
  void fullKeyEqualityIsAPointLookup() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 = 2 AND K2 = 'ab'", where(r -> k1(r) == 2 && k2(r).equals("ab")),
        List.of("CascadeFilter(lookup=[K1 = 2, K2 = 'ab'], shard=[by partition key])"));
  }

  @Test
  void pointLookupWithParameters() throws Exception {
    String sql = "SELECT * FROM ITEMS WHERE K2 = ? AND K1 = ?";
    check(sql, where(r -> k1(r) == 3 && k2(r).equals("a")), List.of("lookup=[K1 = ?1, K2 = ?0]"), "a", 3);
    check(sql, List.of(), List.of("lookup="), "nope", 3);
  }

  /** A prepared EXPLAIN with parameters returns the same plan as a plain one, execution after execution. */
  @Test
  void preparedExplainShowsThePlan() throws Exception {
    String sql = "SELECT * FROM ITEMS WHERE K2 = ? AND K1 = ?";
    try (java.sql.PreparedStatement ps = db.connection().prepareStatement("EXPLAIN PLAN FOR " + sql)) {
      assertEquals("PLAN", ps.getMetaData().getColumnName(1));
      for (int k1 = 1; k1 <= 2; k1++) {
        ps.setString(1, "a");
        ps.setInt(2, k1);
        StringBuilder plan = new StringBuilder();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1));
          }
        }
        assertEquals(db.explain(sql), plan.toString());
        assertTrue(plan.toString().contains("lookup=[K1 = ?1, K2 = ?0]"), plan::toString);
      }
    }
  }

  @Test
  void inListsMultiplyIntoPointLookups() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 IN (1, 3, 99) AND K2 IN ('a', 'b')",
        where(r -> (k1(r) == 1 || k1(r) == 3) && (k2(r).equals("a") || k2(r).equals("b"))),
        List.of("lookup=[K1 IN (1, 3, 99), K2 IN ('a', 'b')]"));
  }

  @Test
  void partitionKeyEqualityScansOneShardRange() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 = -2", where(r -> k1(r) == -2),
        List.of("range=[K1 = -2], shard=[by partition key]"));
  }

  @Test
  void comparisonsBecomeRanges() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 > 1 AND K1 <= 4", where(r -> k1(r) > 1 && k1(r) <= 4),
        List.of("range=[K1 in (1, 4]]"));
    check("SELECT * FROM ITEMS WHERE K1 BETWEEN -1 AND 1", where(r -> k1(r) >= -1 && k1(r) <= 1),
        List.of("range=[K1 in [-1, 1]]"));
    check("SELECT * FROM ITEMS WHERE K1 < 0 OR K1 >= 5", where(r -> k1(r) < 0 || k1(r) >= 5),
        List.of("range=[(K1 < 0 OR K1 >= 5)]"));
    String plan = db.explain("SELECT * FROM ITEMS WHERE K1 > 1");
    assertFalse(plan.contains("shard="), plan);
  }

  @Test
  void equalityPrefixThenRangeOnTheNextKeyColumn() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 = 2 AND K2 >= 'a' AND K2 < 'b'",
        where(r -> k1(r) == 2 && k2(r).compareTo("a") >= 0 && k2(r).compareTo("b") < 0),
        List.of("range=[K1 = 2, K2 in ['a', 'b')]"));
    check("SELECT * FROM ITEMS WHERE K1 IN (0, 4) AND K2 > 'a'",
        where(r -> (k1(r) == 0 || k1(r) == 4) && k2(r).compareTo("a") > 0),
        List.of("range=[K1 IN (0, 4), K2 > 'a']"));
  }

  @Test
  void rangesWithParametersAreResolvedAtRunTime() throws Exception {
    String sql = "SELECT K1, K2 FROM ITEMS WHERE K1 >= ? AND K1 < ?";
    check(sql, items.select(r -> k1(r) >= 1 && k1(r) < 4, 0, 1), List.of("range=[(K1 >= ?0 AND K1 < ?1)]"), 1, 4);
    check(sql, List.of(), List.of("range="), 4, 1);
    check("SELECT K1 FROM ITEMS WHERE K1 = ? OR K1 = ?", items.select(r -> k1(r) == 5 || k1(r) == -3, 0),
        List.of("range=[K1 IN (?0, ?1)]"), 5, -3);
  }

  @Test
  void contradictionsAndNullParametersGiveEmptyScans() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 = ? AND K1 = ?", List.of(), List.of("range=[(K1 = ?0 AND K1 = ?1)]"), 1,
        2);
    check("SELECT * FROM ITEMS WHERE K1 > 3 AND K1 < 2", List.of(), List.of());
    check("SELECT * FROM ITEMS WHERE K1 = ?", List.of(), List.of("range=[K1 = ?0]"), (Object) null);
  }

  @Test
  void residualPredicateRunsInTheShards() throws Exception {
    check("SELECT * FROM ITEMS WHERE K1 = 2 AND V > 10",
        where(r -> k1(r) == 2 && r[2] != null && (Long) r[2] > 10),
        List.of("CascadeFilter(range=[K1 = 2], shard=[by partition key], filter=[>($2, 10)])"));
    check("SELECT * FROM ITEMS WHERE V * 2 + 1 > 15 OR K2 LIKE 'a%'",
        where(r -> r[2] != null && (Long) r[2] * 2 + 1 > 15 || k2(r).startsWith("a")),
        List.of("CascadeFilter(filter=[OR(>(+(*($2, 2), 1), 15), LIKE($1, 'a%'))])"));
  }

  @Test
  void residualPredicatesReadTheirParametersAtEachExecution() throws Exception {
    String sql = "SELECT K1, K2, V FROM ITEMS WHERE V > ? AND V < ? + 5";
    assertTrue(db.explain(sql).contains("filter=[AND(>($2, ?0), <($2, CAST(+(?1, 5)):BIGINT))]"), db.explain(sql));
    try (java.sql.PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (long[] bounds : new long[][] {{0, 10}, {-10, -4}, {20, 40}, {5, 5}}) {
        ps.setLong(1, bounds[0]);
        ps.setLong(2, bounds[1]);
        List<List<Object>> got = new ArrayList<>();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.add(List.of(rs.getInt(1), rs.getString(2), rs.getLong(3)));
          }
        }
        long lo = bounds[0];
        long hi = bounds[1] + 5;
        assertEquals(items.select(r -> r[2] != null && (Long) r[2] > lo && (Long) r[2] < hi, 0, 1, 2), got,
            () -> "V in (" + lo + ", " + hi + ")");
      }
      ps.setNull(1, java.sql.Types.BIGINT);
      ps.setLong(2, 100);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        assertFalse(rs.next(), "V > NULL is never true");
      }
    }
  }

  /**
   * Integer comparisons the shards run on the encoded row (FilterCompiler splits them off), with literals either
   * side, beside a residual, and with parameters of every kind JDBC can bind: an integer of any width is compared
   * in place, a decimal or NULL is not (the whole predicate runs, or no row passes).
   */
  @Test
  void integerComparisonsOnTheEncodedRowMatchTheModel() throws Exception {
    // Once with the rows in memtables, once flushed: entries of SST blocks go through the filter's array path.
    integerComparisons();
    db.store.db().flush();
    integerComparisons();
  }

  private void integerComparisons() throws Exception {
    check("SELECT K1, K2 FROM ITEMS WHERE V = 7", items.select(r -> Long.valueOf(7).equals(r[2]), 0, 1), List.of());
    check("SELECT K1, K2 FROM ITEMS WHERE 7 < V", items.select(r -> r[2] != null && (Long) r[2] > 7, 0, 1), List.of());
    check("SELECT K1, K2 FROM ITEMS WHERE V <> 3 AND K2 LIKE 'a%'",
        items.select(r -> r[2] != null && (Long) r[2] != 3 && k2(r).startsWith("a"), 0, 1), List.of());
    check("SELECT K1, K2 FROM ITEMS WHERE V >= -2 AND V <= 4 AND FLAG",
        items.select(r -> r[2] != null && (Long) r[2] >= -2 && (Long) r[2] <= 4 && Boolean.TRUE.equals(r[4]), 0, 1),
        List.of());
    String sql = "SELECT K1, K2 FROM ITEMS WHERE V >= ?";
    try (java.sql.PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (Object bound : new Object[] {5, 5L, (short) 5, (byte) 5, new java.math.BigDecimal("5"), null, -100}) {
        if (bound == null) {
          ps.setNull(1, java.sql.Types.BIGINT);
        } else {
          ps.setObject(1, bound);
        }
        List<List<Object>> got = new ArrayList<>();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.add(List.of(rs.getInt(1), rs.getString(2)));
          }
        }
        long lo = bound == null ? 0 : ((Number) bound).longValue();
        assertEquals(bound == null ? List.of() : items.select(r -> r[2] != null && (Long) r[2] >= lo, 0, 1), got,
            () -> "V >= " + bound + " (" + (bound == null ? "null" : bound.getClass().getSimpleName()) + ")");
      }
    }
  }

  @Test
  void nonDeterministicPredicatesStayInCalcite() throws Exception {
    String sql = "SELECT K1 FROM ITEMS WHERE K1 = 1 AND RAND() < 2";
    check(sql, items.select(r -> k1(r) == 1, 0), List.of("RAND()", "range=[K1 = 1]"));
    String plan = db.explain(sql);
    assertFalse(plan.contains("filter=[<(RAND"), plan);
  }

  @Test
  void projectionReadsOnlyTheUsedColumns() throws Exception {
    check("SELECT V, K1 FROM ITEMS WHERE K1 = 0", items.select(r -> k1(r) == 0, 2, 0),
        List.of("CascadeProject(columns=[V, K1])"));
  }

  @Test
  void keyOnlyProjectionsWithFilters() throws Exception {
    check("SELECT K2, K1 FROM ITEMS WHERE V > 5", items.select(r -> r[2] != null && (Long) r[2] > 5, 1, 0),
        List.of("CascadeProject(columns=[K2, K1])", "filter=[>($2, 5)]"));
    check("SELECT K1 FROM ITEMS WHERE K1 IN (1, 2) AND K2 = 'a' AND V > 0",
        items.select(r -> (k1(r) == 1 || k1(r) == 2) && k2(r).equals("a") && r[2] != null && (Long) r[2] > 0, 0),
        List.of("lookup=", "filter="));
  }

  @Test
  void singleColumnScansFeedSetOperationsAndJoins() throws Exception {
    List<List<Object>> ones = db.query("SELECT K1 FROM ITEMS WHERE K1 IN (1, 2) UNION SELECT K1 FROM ITEMS WHERE K1 = 4"
        + " EXCEPT SELECT K1 FROM ITEMS WHERE K1 = 2 ORDER BY 1");
    assertEquals(List.of(List.of(1), List.of(4)), ones);
    long v = items.rows.stream().filter(r -> r[2] != null && (Long) r[2] > 20).count();
    assertEquals(List.of(List.of(v)), db.query("SELECT COUNT(*) FROM ITEMS WHERE K1 IN (SELECT K1 FROM ITEMS"
        + " WHERE V > 20 AND K1 = ITEMS.K1) AND V > 20"));
    assertEquals(List.of(List.of((long) items.rows.size())),
        db.query("SELECT COUNT(*) FROM (SELECT COUNT(*) AS C FROM ITEMS) X, ITEMS"));
  }

  @Test
  void ascendingKeyOrderNeedsNoSort() throws Exception {
    String sql = "SELECT * FROM ITEMS ORDER BY K1, K2";
    check(sql, where(r -> true), List.of("CascadeSort(order=[K1 ASC, K2 ASC])"));
    assertFalse(db.explain(sql).contains("EnumerableSort"));
  }

  @Test
  void descendingKeyOrderScansBackwards() throws Exception {
    List<List<Object>> expected = where(r -> k1(r) > 0);
    Collections.reverse(expected);
    String sql = "SELECT * FROM ITEMS WHERE K1 > 0 ORDER BY K1 DESC, K2 DESC";
    check(sql, expected, List.of("CascadeSort(order=[K1 DESC, K2 DESC])"));
    assertFalse(db.explain(sql).contains("EnumerableSort"));
    List<List<Object>> points = where(r -> (k1(r) == 1 || k1(r) == 2) && k2(r).equals("a"));
    Collections.reverse(points);
    check("SELECT * FROM ITEMS WHERE K1 IN (1, 2) AND K2 = 'a' ORDER BY K1 DESC", points,
        List.of("lookup=", "order=[K1 DESC]"));
  }

  @Test
  void nonKeyOrderIsSortedByCalcite() throws Exception {
    String plan = db.explain("SELECT * FROM ITEMS ORDER BY V");
    assertTrue(plan.contains("EnumerableSort"), plan);
    assertFalse(plan.contains("CascadeSort"), plan);
  }

  @Test
  void limitAndOffsetArePushed() throws Exception {
    List<List<Object>> all = where(r -> true);
    check("SELECT * FROM ITEMS LIMIT 4", all.subList(0, 4), List.of("CascadeSort(fetch=[4])"));
    List<List<Object>> desc = new ArrayList<>(all);
    Collections.reverse(desc);
    check("SELECT * FROM ITEMS ORDER BY K1 DESC, K2 DESC LIMIT 3 OFFSET 2", desc.subList(2, 5),
        List.of("CascadeSort(order=[K1 DESC, K2 DESC], offset=[2], fetch=[3])"));
    check("SELECT * FROM ITEMS WHERE K1 >= 0 ORDER BY K1 LIMIT ? OFFSET ?",
        where(r -> k1(r) >= 0).subList(3, 8), List.of("offset=[?1], fetch=[?0]"), 5, 3);
  }

  @Test
  void aggregatesRunInTheShards() throws Exception {
    check("SELECT COUNT(*) FROM ITEMS", List.of(List.of((long) items.rows.size())),
        List.of("CascadeAggregate(aggregate=[COUNT(*)])"));
    long v = items.rows.stream().filter(r -> k1(r) > 0 && r[2] != null).count();
    long all = items.rows.stream().filter(r -> k1(r) > 0).count();
    check("SELECT COUNT(*), COUNT(V) FROM ITEMS WHERE K1 > 0", List.of(List.of(all, v)),
        List.of("CascadeAggregate(aggregate=[COUNT(*), COUNT(V)])", "range=[K1 > 0]"));
    List<Long> vs = items.rows.stream().filter(r -> k1(r) >= 2 && r[2] != null).map(r -> (Long) r[2]).toList();
    java.math.BigDecimal dsum = items.rows.stream().filter(r -> r[3] != null).map(r -> (java.math.BigDecimal) r[3])
        .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
    check("SELECT SUM(V), MIN(V), MAX(V), COUNT(V) FROM ITEMS WHERE K1 >= 2", List.of(List.of(
        vs.stream().mapToLong(Long::longValue).sum(), vs.stream().min(Long::compare).orElseThrow(),
        vs.stream().max(Long::compare).orElseThrow(), (long) vs.size())),
        List.of("CascadeAggregate(aggregate=[SUM(V), MIN(V), MAX(V), COUNT(V)])"));
    check("SELECT SUM(D) FROM ITEMS", List.of(List.of(dsum)), List.of("CascadeAggregate(aggregate=[SUM(D)])"));
    check("SELECT SUM(V), MAX(D) FROM ITEMS WHERE K1 = 99", List.of(java.util.Arrays.asList(null, null)),
        List.of("CascadeAggregate"));
    long flagged = items.rows.stream().filter(r -> Boolean.TRUE.equals(r[4])).count();
    check("SELECT COUNT(*) FROM ITEMS WHERE FLAG", List.of(List.of(flagged)),
        List.of("CascadeAggregate", "filter="));
  }
}
