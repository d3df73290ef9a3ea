package dev.cascade.sql.slt;

/**
 * One failed sqllogictest operation: the SQL as the test file has it and what went wrong.
 *
 * <p>Immutable.
 */
public record SltFailure(String sql, String message) {
  private static final int MESSAGE_CHARS_MAX = 600;

  /** The failure with its message cut to a readable length. */
  public static SltFailure of(String sql, String message) {
    String m = message == null ? "(no message)" : message.strip();
    if (m.length() > MESSAGE_CHARS_MAX) {
      m = m.substring(0, MESSAGE_CHARS_MAX) + "...";
    }
    return new SltFailure(sql, m);
  }

  @Override
  public String toString() {
    return sql + "\n      -> " + message.replace("\n", "\n         ");
  }
}
