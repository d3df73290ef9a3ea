package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.PushdownTest.check;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL three-valued logic in the filter the shards run: a row passes only when the predicate is TRUE, never when it
 * is UNKNOWN. Each case is checked against a Java model written in 3VL.
 */
class NullSemanticsTest {
  @TempDir
  static Path tmp;
  static ItemsFixture items;

  @BeforeAll
  static void setUp() throws Exception {
    PushdownTest.db = TestStore.open(tmp, 3);
    items = ItemsFixture.load(PushdownTest.db);
  }

  @AfterAll
  static void tearDown() throws Exception {
    PushdownTest.db.close();
  }

  static Long v(Object[] r) {
    return (Long) r[2];
  }

  static Boolean flag(Object[] r) {
    return (Boolean) r[4];
  }

  static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  static Boolean not(Boolean a) {
    return a == null ? null : !a;
  }

  static Boolean gt(Long a, long b) {
    return a == null ? null : a > b;
  }

  static Boolean eq(Long a, long b) {
    return a == null ? null : a == b;
  }

  /** Checks that the predicate is pushed into the shards and selects exactly the rows where the model is TRUE. */
  static void pushed(String where, Function<Object[], Boolean> model) throws Exception {
    String sql = "SELECT * FROM ITEMS WHERE " + where;
    check(sql, items.select(r -> Boolean.TRUE.equals(model.apply(r))), List.of("CascadeFilter(filter="));
  }

  @Test
  void comparisonWithNullMatchesNothing() throws Exception {
    check("SELECT * FROM ITEMS WHERE V = NULL", List.of(), List.of());
    check("SELECT * FROM ITEMS WHERE V = ?", List.of(), List.of(), (Object) null);
    check("SELECT * FROM ITEMS WHERE K2 = ?", List.of(), List.of(), (Object) null);
  }

  @Test
  void isNullAndIsNotNull() throws Exception {
    pushed("V IS NULL", r -> v(r) == null);
    pushed("V IS NOT NULL", r -> v(r) != null);
    pushed("V > 3 OR V IS NULL", r -> or(gt(v(r), 3), v(r) == null));
  }

  @Test
  void notOfUnknownIsUnknown() throws Exception {
    pushed("NOT (V > 3)", r -> not(gt(v(r), 3)));
    pushed("NOT (V > 3 AND FLAG)", r -> not(and(gt(v(r), 3), flag(r))));
    pushed("V > 3 OR FLAG", r -> or(gt(v(r), 3), flag(r)));
  }

  @Test
  void booleanTests() throws Exception {
    pushed("FLAG IS TRUE", r -> Boolean.TRUE.equals(flag(r)));
    pushed("FLAG IS NOT TRUE", r -> !Boolean.TRUE.equals(flag(r)));
    pushed("FLAG IS FALSE", r -> Boolean.FALSE.equals(flag(r)));
    pushed("FLAG IS NOT FALSE", r -> !Boolean.FALSE.equals(flag(r)));
    pushed("NOT FLAG", r -> not(flag(r)));
  }

  @Test
  void inListsWithNulls() throws Exception {
    pushed("V IN (1, 2, 3, NULL)", r -> or(or(eq(v(r), 1), eq(v(r), 2)), or(eq(v(r), 3), null)));
    check("SELECT * FROM ITEMS WHERE V NOT IN (1, NULL)", List.of(), List.of());
    pushed("V BETWEEN 0 AND 5", r -> and(v(r) == null ? null : v(r) >= 0, v(r) == null ? null : v(r) <= 5));
  }

  @Test
  void arithmeticAndNumericCasts() throws Exception {
    pushed("D > 0.5", r -> r[3] == null ? null : ((BigDecimal) r[3]).compareTo(new BigDecimal("0.5")) > 0);
    pushed("CAST(V AS DECIMAL(10, 2)) * 2 > D", r -> r[2] == null || r[3] == null ? null
        : BigDecimal.valueOf(v(r) * 2).compareTo((BigDecimal) r[3]) > 0);
    pushed("V - 3 < -5 OR CAST(V AS DOUBLE) / 4 > 6.0", r -> v(r) == null ? null : v(r) - 3 < -5 || v(r) / 4.0 > 6);
  }

  @Test
  void parametersInTheShardFilter() throws Exception {
    String sql = "SELECT * FROM ITEMS WHERE V > ? AND FLAG = ?";
    check(sql, items.select(r -> Boolean.TRUE.equals(and(gt(v(r), 5), flag(r) == null ? null : flag(r)))),
        List.of("filter="), 5L, true);
    check(sql, List.of(), List.of("filter="), null, true);
    assertTrue(PushdownTest.db.explain(sql).contains("?0"));
  }
}
