package dev.cascade.sql.plan;

import static dev.cascade.sql.plan.TestStore.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key ranges at the boundaries of each key type: negative numbers, decimals, empty strings, escapes and code-point
 * order, unsigned bytes, MIN/MAX values. Comparisons with the smallest, largest and middle stored values, as key
 * ranges over literals (parameters for strings outside Latin-1), checked against a Java model.
 */
class KeyOrderTest {
  @TempDir
  static Path tmp;
  static TestStore db;

  /** One key type: its values (engine representation), SQL literal, order and canonical text. */
  record Case(String table, ColumnType type, List<Object> values, Function<Object, String> literal,
      Comparator<Object> order, Function<Object, String> canon) {
  }

  static final HexFormat HEX = HexFormat.of();

  static Comparator<Object> numeric() {
    return Comparator.comparing(v -> new BigDecimal(v.toString()));
  }

  static String number(Object v) {
    return new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
  }

  static final List<Case> CASES = List.of(
      new Case("K_TINYINT", ColumnType.TINYINT, List.of((byte) -128, (byte) -1, (byte) 0, (byte) 1, (byte) 127),
          v -> "CAST(" + v + " AS TINYINT)", numeric(), KeyOrderTest::number),
      new Case("K_INTEGER", ColumnType.INTEGER, List.of(Integer.MIN_VALUE, -70000, -1, 0, 1, 70000, Integer.MAX_VALUE),
          Object::toString, numeric(), KeyOrderTest::number),
      new Case("K_BIGINT", ColumnType.BIGINT, List.of(Long.MIN_VALUE, -1L << 40, -1L, 0L, 1L, 1L << 40,
          Long.MAX_VALUE), v -> "CAST(" + v + " AS BIGINT)", numeric(), KeyOrderTest::number),
      new Case("K_DECIMAL", ColumnType.DECIMAL, List.of(new BigDecimal("-999999999.999"), new BigDecimal("-1000.5"),
          new BigDecimal("-1"), new BigDecimal("-0.001"), BigDecimal.ZERO, new BigDecimal("0.001"),
          new BigDecimal("1.000"), new BigDecimal("1.5"), new BigDecimal("12.345"), new BigDecimal("999999999.999")),
          v -> number(v), numeric(), KeyOrderTest::number),
      new Case("K_VARCHAR", ColumnType.VARCHAR, List.of("", "\u0000", "\u0000a", "\u0001", " ", "a", "a\u0000",
          "ab", "b", "é", "\uFFFD", "😀"), v -> "?", (a, b) -> ItemsFixture.CODE_POINTS.compare((String) a,
          (String) b), v -> (String) v),
      new Case("K_VARBINARY", ColumnType.VARBINARY, List.of(new byte[0], new byte[] {0}, new byte[] {0, 1},
          new byte[] {1}, new byte[] {0x7f}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff},
          new byte[] {(byte) 0xff, 0}), v -> "X'" + HEX.formatHex((byte[]) v) + "'",
          (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b), v -> HEX.formatHex((byte[]) v)),
      new Case("K_BOOLEAN", ColumnType.BOOLEAN, List.of(false, true), Object::toString,
          Comparator.comparing(v -> (Boolean) v), Object::toString),
      new Case("K_DATE", ColumnType.DATE, List.of(-1000, -1, 0, 1, 20000),
          v -> "DATE '" + LocalDate.ofEpochDay((Integer) v) + "'", numeric(),
          v -> LocalDate.ofEpochDay((Integer) v).toString()),
      new Case("K_TIMESTAMP", ColumnType.TIMESTAMP, List.of(-86_400_000L, -1000L, 0L, 1000L, 1_700_000_000_000L),
          v -> "TIMESTAMP '" + LocalDateTime.ofEpochSecond((Long) v / 1000, 0, ZoneOffset.UTC)
              .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "'", numeric(),
          Object::toString));

  @BeforeAll
  static void setUp() throws Exception {
    db = TestStore.open(tmp, 3);
    for (Case c : CASES) {
      db.create(c.table, List.of(col("K", c.type, false), col("V", ColumnType.INTEGER, true)), new int[] {0}, 1);
      List<Object[]> rows = new ArrayList<>();
      for (int i = c.values.size() - 1; i >= 0; i--) {
        rows.add(new Object[] {c.values.get(i), i});
      }
      db.insert(c.table, rows);
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    db.close();
  }

  /** The keys a query returns, canonical. */
  static List<String> keys(Case c, String sql, Object... params) throws Exception {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(canon(c, rs));
        }
      }
    }
    return out;
  }

  static String canon(Case c, ResultSet rs) throws Exception {
    return switch (c.type) {
      case VARBINARY -> HEX.formatHex(rs.getBytes(1));
      case DATE -> rs.getString(1);
      case TIMESTAMP -> String.valueOf(LocalDateTime.parse(rs.getString(1).replace(' ', 'T')).toEpochSecond(
          ZoneOffset.UTC) * 1000);
      case BOOLEAN -> String.valueOf(rs.getBoolean(1));
      case VARCHAR -> rs.getString(1);
      default -> number(rs.getObject(1));
    };
  }

  static List<String> model(Case c, java.util.function.Predicate<Object> p) {
    return c.values.stream().sorted(c.order).filter(p).map(c.canon).toList();
  }

  @Test
  void fullScanIsInKeyOrder() throws Exception {
    for (Case c : CASES) {
      assertEquals(model(c, v -> true), keys(c, "SELECT K FROM " + c.table), c.table);
    }
  }

  @Test
  void comparisonsAtTheBoundaryValues() throws Exception {
    for (Case c : CASES) {
      int n = c.values.size();
      for (int i : java.util.stream.IntStream.of(0, 1, n / 2, n - 2, n - 1).distinct().toArray()) {
        Object x = c.values.get(i);
        String lit = c.literal.apply(x);
        check(c, "K > " + lit, v -> c.order.compare(v, x) > 0, x);
        check(c, "K <= " + lit, v -> c.order.compare(v, x) <= 0, x);
        check(c, "K = " + lit, v -> c.order.compare(v, x) == 0, x);
      }
      Object lo = c.values.get(1);
      Object hi = c.values.get(c.values.size() - 2);
      check(c, "K BETWEEN " + c.literal.apply(lo) + " AND " + c.literal.apply(hi),
          v -> c.order.compare(v, lo) >= 0 && c.order.compare(v, hi) <= 0, lo, hi);
      check(c, "K < " + c.literal.apply(lo) + " OR K >= " + c.literal.apply(hi),
          v -> c.order.compare(v, lo) < 0 || c.order.compare(v, hi) >= 0, lo, hi);
    }
  }

  @Test
  void exactKeyTypesArePushedAsRanges() throws Exception {
    for (String t : List.of("K_INTEGER", "K_DECIMAL", "K_VARCHAR", "K_VARBINARY", "K_DATE", "K_TIMESTAMP")) {
      Case c = CASES.stream().filter(x -> x.table.equals(t)).findFirst().orElseThrow();
      String plan = db.explain("SELECT K FROM " + t + " WHERE K > " + c.literal.apply(c.values.get(1)));
      assertTrue(plan.contains("range=[K > "), plan);
      String point = db.explain("SELECT K FROM " + t + " WHERE K = " + c.literal.apply(c.values.get(1)));
      assertTrue(point.contains("lookup=[K = "), point);
    }
  }

  /** Checks a WHERE clause; where the literal is {@code ?}, binds the values compared with, in order. */
  private static void check(Case c, String where, java.util.function.Predicate<Object> p, Object... values)
      throws Exception {
    String sql = "SELECT K FROM " + c.table + " WHERE " + where;
    Object[] params = where.contains("?") ? values : new Object[0];
    assertEquals(model(c, p), keys(c, sql, params), () -> sql + " " + Arrays.toString(params) + "\n" + explain(sql));
  }

  private static String explain(String sql) {
    try {
      return db.explain(sql);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
