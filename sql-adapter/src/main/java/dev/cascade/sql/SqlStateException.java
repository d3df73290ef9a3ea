package dev.cascade.sql;

/**
 * An error raised while planning or running a statement that carries its SQLSTATE. The driver turns it into an
 * {@link java.sql.SQLException} with that state and this message, embedded and remote alike.
 *
 * <p>States used: 42000 syntax, 42S01/42S02 table exists/missing, 42S21/42S22 column exists/missing, 42S11/42S12
 * index exists/missing, 23505 duplicate key, 23502 NOT NULL, 22001 string too long, 22003 numeric out of range,
 * 22018 bad value for a type, 54000 statement too large, 0A000 feature not supported.
 */
public class SqlStateException extends RuntimeException {
  private final String sqlState;

  public SqlStateException(String sqlState, String message) {
    super(message);
    this.sqlState = sqlState;
  }

  public SqlStateException(String sqlState, String message, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public String sqlState() {
    return sqlState;
  }
}
