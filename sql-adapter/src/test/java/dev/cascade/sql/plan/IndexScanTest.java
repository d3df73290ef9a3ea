package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secondary indexes: equality on a UNIQUE index's columns is a global point lookup, equality or IN on a non-unique
 * index's leading column a range of index entries; rows are fetched by primary key and the filter is applied to
 * them. The primary key wins when it fixes as much.
 */
class IndexScanTest {
  @TempDir
  static Path tmp;
  static TestStore db;
  static final List<Object[]> ROWS = new ArrayList<>();
  static final String[] CITIES = {"Oslo", "Paris", "Rome", "Lima"};

  @BeforeAll
  static void setUp() throws Exception {
    db = TestStore.open(tmp, 4);
    db.create("PEOPLE", List.of(col("ID", ColumnType.INTEGER, false), col("EMAIL", ColumnType.VARCHAR, true),
        col("CITY", ColumnType.VARCHAR, true), col("AGE", ColumnType.INTEGER, true)), new int[] {0}, 1);
    for (int i = 0; i < 60; i++) {
      ROWS.add(new Object[] {i, i % 13 == 0 ? null : "p" + i + "@x", i % 11 == 0 ? null : CITIES[i % 4],
          i % 7 == 0 ? null : 20 + i % 9});
    }
    db.insert("PEOPLE", ROWS);
    db.store.catalog().createIndex("PEOPLE", "PEOPLE_EMAIL", new int[] {1}, true, false);
    db.store.catalog().createIndex("PEOPLE", "PEOPLE_CITY_AGE", new int[] {2, 3}, false, false);
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  static List<List<Object>> model(Predicate<Object[]> p) {
    return ROWS.stream().filter(p).sorted(Comparator.comparingInt(r -> (Integer) r[0])).map(Arrays::asList)
        .toList();
  }

  static void check(String where, Predicate<Object[]> p, List<String> plan, Object... params) throws Exception {
    String sql = "SELECT * FROM PEOPLE WHERE " + where + " ORDER BY ID";
    String explain = db.explain(sql);
    for (String f : plan) {
      assertTrue(explain.contains(f), () -> sql + " lacks " + f + "\n" + explain);
    }
    assertEquals(model(p), db.query(sql, params), () -> sql + "\n" + explain);
  }

  @Test
  void uniqueIndexEqualityIsAGlobalPointLookup() throws Exception {
    check("EMAIL = 'p5@x'", r -> "p5@x".equals(r[1]), List.of("index=[PEOPLE_EMAIL], lookup=[EMAIL = 'p5@x']"));
    check("EMAIL IN ('p5@x', 'p6@x', 'nobody')", r -> "p5@x".equals(r[1]) || "p6@x".equals(r[1]),
        List.of("index=[PEOPLE_EMAIL], lookup="));
    check("EMAIL = ?", r -> "p9@x".equals(r[1]), List.of("lookup=[EMAIL = ?0]"), "p9@x");
  }

  @Test
  void nonUniqueIndexEqualityReadsIndexRanges() throws Exception {
    check("CITY = 'Rome'", r -> "Rome".equals(r[2]), List.of("index=[PEOPLE_CITY_AGE], range=[CITY = 'Rome']"));
    check("CITY IN ('Oslo', 'Lima') AND AGE >= 25",
        r -> ("Oslo".equals(r[2]) || "Lima".equals(r[2])) && r[3] != null && (Integer) r[3] >= 25,
        List.of("index=[PEOPLE_CITY_AGE], range=[CITY IN ('Lima', 'Oslo'), AGE >= 25]"));
    check("CITY = 'Paris' AND AGE = 22", r -> "Paris".equals(r[2]) && Objects.equals(r[3], 22),
        List.of("range=[CITY = 'Paris', AGE = 22]"));
  }

  @Test
  void primaryKeyWinsWhenItFixesAsMuch() throws Exception {
    check("ID = 4 AND CITY = 'Oslo'", r -> (Integer) r[0] == 4 && "Oslo".equals(r[2]), List.of("lookup=[ID = 4]"));
    String plan = db.explain("SELECT * FROM PEOPLE WHERE ID = 4 AND CITY = 'Oslo'");
    assertFalse(plan.contains("index="), plan);
    check("ID > 10 AND CITY = 'Oslo'", r -> (Integer) r[0] > 10 && "Oslo".equals(r[2]),
        List.of("index=[PEOPLE_CITY_AGE]"));
  }

  @Test
  void rangesAloneDoNotUseAnIndex() throws Exception {
    check("AGE < 23", r -> r[3] != null && (Integer) r[3] < 23, List.of("filter="));
    assertFalse(db.explain("SELECT * FROM PEOPLE WHERE CITY > 'P'").contains("index="));
  }

  @Test
  void indexOrderIsNotKeyOrder() throws Exception {
    String plan = db.explain("SELECT * FROM PEOPLE WHERE CITY = 'Rome' ORDER BY ID");
    assertTrue(plan.contains("EnumerableSort"), plan);
    assertEquals(List.of(List.of((long) model(r -> "Rome".equals(r[2])).size())),
        db.query("SELECT COUNT(*) FROM PEOPLE WHERE CITY = 'Rome'"));
    assertTrue(db.explain("SELECT COUNT(*) FROM PEOPLE WHERE CITY = 'Rome'").contains("CascadeAggregate"));
  }
}
