package dev.cascade.sql.metamorphic;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * The column types the metamorphic tables use, each with a small value domain (so equality predicates hit rows and
 * keys collide) plus its boundary values, the SQL literal for a value and the Java value bound to a {@code ?}.
 *
 * <p>Immutable.
 */
enum ColumnKind {
  SMALLINT("SMALLINT", true, true),
  INTEGER("INTEGER", true, true),
  BIGINT("BIGINT", true, false),
  DECIMAL("DECIMAL(8, 2)", true, true),
  DOUBLE("DOUBLE", true, false),
  REAL("REAL", true, false),
  VARCHAR("VARCHAR(8)", false, false),
  BOOLEAN("BOOLEAN", false, false),
  DATE("DATE", false, false);

  private static final List<String> STRINGS = List.of("", "a", "a ", "ab", "abc", "b", "B", "ba", "a%b", "_x", "zz",
      "\u00e9t\u00e9");
  private static final LocalDate EPOCH_NEAR = LocalDate.of(2024, 1, 1);

  /** The type as written in CREATE TABLE. */
  final String sqlType;
  /** Whether the type takes part in arithmetic and compares with other numeric kinds. */
  final boolean numeric;
  /** Whether arithmetic on it is safe from overflow (small domain, no extreme values). */
  final boolean arithmetic;

  ColumnKind(String sqlType, boolean numeric, boolean arithmetic) {
    this.sqlType = sqlType;
    this.numeric = numeric;
    this.arithmetic = arithmetic;
  }

  /** A random non-null value (the Java class the driver returns for the type). */
  Object randomValue(Random r) {
    boolean edge = r.nextInt(12) == 0;
    return switch (this) {
      case SMALLINT -> (short) (edge ? pick(r, -300, 300) : r.nextInt(21) - 10);
      case INTEGER -> edge ? pick(r, -100_000, 100_000) : r.nextInt(41) - 20;
      case BIGINT -> edge ? (Object) pick(r, Long.MIN_VALUE, Long.MAX_VALUE) : (long) (r.nextInt(41) - 20);
      case DECIMAL -> BigDecimal.valueOf(r.nextInt(81) - 40, 1).setScale(2);
      case DOUBLE -> edge ? pick(r, -1e300, 1e300) : (r.nextInt(41) - 20) / 4.0;
      case REAL -> edge ? pick(r, -3e30f, 3e30f) : (r.nextInt(41) - 20) / 4.0f;
      case VARCHAR -> STRINGS.get(r.nextInt(STRINGS.size()));
      case BOOLEAN -> r.nextBoolean();
      case DATE -> Date.valueOf(edge ? pick(r, LocalDate.of(1969, 12, 31), LocalDate.of(2999, 12, 31))
          : EPOCH_NEAR.plusDays(r.nextInt(21) - 10));
    };
  }

  private static <T> T pick(Random r, T a, T b) {
    return r.nextBoolean() ? a : b;
  }

  /** The SQL literal for {@code v} (a value of this kind, or null). */
  String literal(Object v) {
    if (v == null) {
      return "CAST(NULL AS " + sqlType + ")";
    }
    return switch (this) {
      case SMALLINT, INTEGER, BIGINT, DECIMAL -> v.toString();
      case DOUBLE -> "CAST(" + v + " AS DOUBLE)";
      case REAL -> "CAST(" + v + " AS REAL)";
      case VARCHAR -> "'" + ((String) v).replace("'", "''") + "'";
      case BOOLEAN -> ((Boolean) v) ? "TRUE" : "FALSE";
      case DATE -> "DATE '" + v + "'";
    };
  }

  /**
   * Whether values of the two kinds can be compared without a cast that fails: numbers with numbers, except BIGINT
   * with DECIMAL(8, 2), which Calcite compares as DECIMAL(19, 2), too small for BIGINT's extreme values.
   */
  boolean comparableWith(ColumnKind other) {
    if (this == other) {
      return true;
    }
    boolean bigintDecimal = (this == BIGINT && other == DECIMAL) || (this == DECIMAL && other == BIGINT);
    return numeric && other.numeric && !bigintDecimal;
  }
}
