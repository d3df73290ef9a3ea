package dev.cascade.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Unsigned byte order of encoded keys equals SQL order of the values, for every type (boundaries and random
 * values) and for composite keys; equal values encode equal. Randomized: the seed is printed; rerun with -Dseed=.
 */
class KeyOrderTest {
  private static final int VALUES = 400;

  private static long seed() {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("KeyOrderTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
    return seed;
  }

  private static final Comparator<Float> FLOATS = (a, b) -> a.floatValue() == b.floatValue() ? 0 : Float.compare(a, b);
  private static final Comparator<Double> DOUBLES =
      (a, b) -> a.doubleValue() == b.doubleValue() ? 0 : Double.compare(a, b);
  private static final Comparator<String> CODE_POINTS =
      (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

  @Test
  void everyTypeSortsLikeItsValues() {
    Random r = new Random(seed());
    check(ColumnType.BOOLEAN, r, Comparator.<Boolean>naturalOrder(), x -> x.nextBoolean(), List.of(false, true));
    check(ColumnType.TINYINT, r, Comparator.<Byte>naturalOrder(), x -> (byte) x.nextInt(),
        List.of(Byte.MIN_VALUE, (byte) -1, (byte) 0, (byte) 1, Byte.MAX_VALUE));
    check(ColumnType.SMALLINT, r, Comparator.<Short>naturalOrder(), x -> (short) x.nextInt(),
        List.of(Short.MIN_VALUE, (short) -1, (short) 0, (short) 1, Short.MAX_VALUE));
    for (ColumnType t : List.of(ColumnType.INTEGER, ColumnType.DATE, ColumnType.TIME)) {
      check(t, r, Comparator.<Integer>naturalOrder(), x -> x.nextBoolean() ? x.nextInt() : x.nextInt(200) - 100,
          List.of(Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE));
    }
    for (ColumnType t : List.of(ColumnType.BIGINT, ColumnType.TIMESTAMP)) {
      check(t, r, Comparator.<Long>naturalOrder(), x -> x.nextBoolean() ? x.nextLong() : x.nextInt(200) - 100L,
          List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE));
    }
    check(ColumnType.REAL, r, FLOATS, x -> x.nextBoolean() ? Float.intBitsToFloat(x.nextInt())
        : (x.nextFloat() - 0.5f) * 100, List.of(Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -Float.MIN_VALUE,
        -0.0f, 0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7fc00001), Float.intBitsToFloat(0xffc00000)));
    check(ColumnType.DOUBLE, r, DOUBLES, x -> x.nextBoolean() ? Double.longBitsToDouble(x.nextLong())
        : (x.nextDouble() - 0.5) * 100, List.of(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -Double.MIN_VALUE,
        -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0xfff8000000000001L)));
    check(ColumnType.DECIMAL, r, Comparator.<BigDecimal>naturalOrder(), KeyOrderTest::decimal, List.of(
        new BigDecimal("0"), new BigDecimal("0.000"), new BigDecimal("1.0"), new BigDecimal("1.00"),
        new BigDecimal("1"), new BigDecimal("-1.0"), new BigDecimal("-1"), new BigDecimal("10"),
        new BigDecimal("1E+1"), new BigDecimal("0.1"), new BigDecimal("0.10"), new BigDecimal("-0.1"),
        new BigDecimal("-0.105"), new BigDecimal("-0.15"), new BigDecimal("0.105"), new BigDecimal("0.15"),
        new BigDecimal("99999999999999999999999999999.999999"), new BigDecimal("-99999999999999999999999999999.9"),
        new BigDecimal("1E-300"), new BigDecimal("-1E-300"), new BigDecimal("1E+300"), new BigDecimal("-1E+300"),
        new BigDecimal(BigInteger.valueOf(Long.MAX_VALUE)), new BigDecimal(BigInteger.valueOf(Long.MIN_VALUE))));
    for (ColumnType t : List.of(ColumnType.CHAR, ColumnType.VARCHAR)) {
      check(t, r, CODE_POINTS, KeyOrderTest::string, List.of("", "\0", "\0\0", "\u0001", "a", "a\0", "a\u0001",
          "ab", "\u00ff", "\uffff", "\ud83d\ude00", "x".repeat(1000) + "\0" + "\u00ff".repeat(100)));
    }
    check(ColumnType.VARBINARY, r, Arrays::compareUnsigned, KeyOrderTest::binary, List.of(new byte[0],
        new byte[] {0}, new byte[] {0, 0}, new byte[] {0, (byte) 0xFF}, new byte[] {1}, new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xFF, 0}, new byte[] {(byte) 0xFF, (byte) 0xFF}));
  }

  @Test
  void compositeKeysSortColumnByColumn() {
    Random r = new Random(seed());
    ColumnType[] types = {ColumnType.INTEGER, ColumnType.VARCHAR, ColumnType.DECIMAL, ColumnType.DOUBLE};
    List<Object[]> tuples = new ArrayList<>();
    for (int i = 0; i < VALUES * 2; i++) {
      tuples.add(new Object[] {r.nextInt(4) == 0 ? null : r.nextInt(5) - 2, r.nextInt(4) == 0 ? null : string(r),
          r.nextInt(4) == 0 ? null : decimal(r), r.nextInt(4) == 0 ? null : (double) (r.nextInt(5) - 2)});
    }
    Comparator<Object[]> sql = (a, b) -> {
      for (int c = 0; c < types.length; c++) {
        int cmp = compareNullsFirst(a[c], b[c], comparator(types[c]));
        if (cmp != 0) {
          return cmp;
        }
      }
      return 0;
    };
    Function<Object[], byte[]> encode = t -> {
      ByteSink out = new ByteSink();
      for (int c = 0; c < types.length; c++) {
        KeyColumnEncoding.encode(out, types[c], t[c]);
      }
      return out.toArray();
    };
    assertSameOrder(tuples, sql, encode, "composite");
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object> comparator(ColumnType t) {
    return (Comparator<Object>) (Comparator<?>) switch (t) {
      case VARCHAR -> CODE_POINTS;
      case DOUBLE -> DOUBLES;
      default -> Comparator.naturalOrder();
    };
  }

  @SuppressWarnings("unchecked")
  private static <T> int compareNullsFirst(Object a, Object b, Comparator<T> cmp) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return cmp.compare((T) a, (T) b);
  }

  private static <T> void check(ColumnType type, Random r, Comparator<T> cmp, Function<Random, T> gen,
      List<T> boundaries) {
    List<T> values = new ArrayList<>(boundaries);
    values.add(null);
    for (int i = 0; i < VALUES; i++) {
      values.add(gen.apply(r));
    }
    ColumnDef column = new ColumnDef("C", type, -1, 0, true, null, false);
    assertSameOrder(values, (a, b) -> compareNullsFirst(a, b, cmp), v -> {
      ByteSink out = new ByteSink();
      KeyColumnEncoding.encode(out, type, v);
      byte[] bytes = out.toArray();
      SegmentReader in = new SegmentReader(bytes, 0);
      Object back = KeyColumnEncoding.decode(in, column);
      assertEquals(bytes.length, in.position(), type + " decode must consume the whole encoding of " + v);
      assertEquals(0, compareNullsFirst(v, back, cmp), type + " round trip of " + v + " gave " + back);
      return bytes;
    }, type.toString());
  }

  private static <T> void assertSameOrder(List<T> values, Comparator<T> cmp, Function<T, byte[]> encode,
      String what) {
    List<byte[]> enc = values.stream().map(encode).toList();
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.size(); j++) {
        int expected = Integer.signum(cmp.compare(values.get(i), values.get(j)));
        int actual = Integer.signum(Arrays.compareUnsigned(enc.get(i), enc.get(j)));
        if (expected != actual) {
          assertEquals(expected, actual, what + ": " + show(values.get(i)) + " vs " + show(values.get(j)));
        }
      }
    }
    assertTrue(values.size() > 2);
  }

  private static String show(Object v) {
    if (v instanceof Object[] a) {
      return Arrays.deepToString(Arrays.stream(a).map(KeyOrderTest::show).toArray());
    }
    return v instanceof byte[] b ? Arrays.toString(b) : v instanceof String s ? s.codePoints()
        .mapToObj(Integer::toHexString).toList().toString() : String.valueOf(v);
  }

  static BigDecimal decimal(Random r) {
    BigInteger unscaled = switch (r.nextInt(3)) {
      case 0 -> BigInteger.valueOf(r.nextInt(2001) - 1000);
      case 1 -> BigInteger.valueOf(r.nextLong());
      default -> new BigInteger(r.nextInt(120) + 1, r).multiply(BigInteger.valueOf(r.nextBoolean() ? 1 : -1));
    };
    return new BigDecimal(unscaled, r.nextInt(16) - 5);
  }

  private static final String[] PIECES = {"", "\0", "\u0001", "a", "b", "\u007f", "\u0080", "\u00ff", "\u0800",
      "\uffff", "\ud83d\ude00", "\ue000"};

  static String string(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(5); i > 0; i--) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static final byte[] BYTES = {0, 1, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};

  static byte[] binary(Random r) {
    byte[] b = new byte[r.nextInt(6)];
    for (int i = 0; i < b.length; i++) {
      b[i] = BYTES[r.nextInt(BYTES.length)];
    }
    return b;
  }
}
