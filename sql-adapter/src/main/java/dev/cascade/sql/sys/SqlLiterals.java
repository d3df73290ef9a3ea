package dev.cascade.sql.sys;

import dev.cascade.engine.table.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * A column value (the Java classes of {@link ColumnType}) as SQL literal text, for showing DEFAULTs:
 * {@code 'it''s'}, {@code X'0aff'}, {@code DATE '2024-01-31'}, {@code TIMESTAMP '2024-01-31 12:00:00'}.
 *
 * <p>Stateless.
 */
final class SqlLiterals {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss[.SSS]");
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

  private SqlLiterals() {
  }

  /** The literal, or null for a null value (no DEFAULT). */
  static String of(ColumnType type, Object v) {
    if (v == null) {
      return null;
    }
    return switch (type) {
      case CHAR, VARCHAR -> "'" + v.toString().replace("'", "''") + "'";
      case VARBINARY -> "X'" + HexFormat.of().formatHex((byte[]) v) + "'";
      case DATE -> "DATE '" + LocalDate.ofEpochDay(((Number) v).longValue()) + "'";
      case TIME -> "TIME '" + TIME.format(LocalTime.ofNanoOfDay(((Number) v).longValue() * 1_000_000L)) + "'";
      case TIMESTAMP -> "TIMESTAMP '" + TIMESTAMP.format(LocalDateTime.ofEpochSecond(
          Math.floorDiv(((Number) v).longValue(), 1000L),
          (int) Math.floorMod(((Number) v).longValue(), 1000L) * 1_000_000, ZoneOffset.UTC)) + "'";
      case BOOLEAN -> ((Boolean) v) ? "TRUE" : "FALSE";
      case DECIMAL -> ((java.math.BigDecimal) v).toPlainString();
      default -> v.toString();
    };
  }
}
