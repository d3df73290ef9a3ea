package dev.cascade.sql.jdbc;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.table.CatalogException;
import dev.cascade.sql.SqlStateException;
import java.sql.BatchUpdateException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.validate.SqlValidatorException;

/**
 * Turns whatever a statement failed with into the {@link SQLException} a user sees: a standard SQLSTATE and a
 * message that names the problem (and, for parse and validation errors, the line and column). Looks through the
 * cause chain (Avatica wraps everything in "Error while executing SQL ...") for the first exception it knows:
 * {@link SqlStateException}, {@link CatalogException}, Calcite's parse and validation errors, the engine's
 * {@link CascadeException}s, and the JVM's arithmetic and number-format errors; the original stays the cause.
 * The exception class follows the state's class (22 data, 23 integrity, 42 syntax, 0A feature, 08 connection).
 *
 * <p>Stateless.
 */
public final class SqlErrors {
  /** General error: nothing in the chain says more. */
  public static final String GENERAL = "HY000";
  private static final int CHAIN_MAX = 32;
  private static final int PARSE_EXPECTED_MAX = 8;
  /** JavaCC 5's raw form, {@code Encountered " "FROM" "FROM "" at line}, which Calcite's parser would tidy. */
  private static final java.util.regex.Pattern JAVACC_ENCOUNTERED =
      java.util.regex.Pattern.compile("^Encountered \" \\S+ \"(.*?) *\"\" at line");

  private SqlErrors() {
  }

  /** A state and a message. */
  record Mapped(String state, String message) {
  }

  /** A connection that cannot be established (08001) for the reason given. */
  public static SQLException connectionError(String message, Throwable cause) {
    return create("08001", message, cause);
  }

  /** The SQLException to show for {@code t}. */
  public static SQLException translate(Throwable t) {
    Mapped m = map(t);
    if (m == null) {
      SQLException s = firstSqlException(t);
      String state = s != null ? s.getSQLState() : closedState(t.getMessage());
      m = new Mapped(state, shortMessage(t));
    }
    if (t instanceof BatchUpdateException b) {
      return new BatchUpdateException(m.message(), m.state(), b.getErrorCode(), b.getLargeUpdateCounts(), b);
    }
    return create(m.state(), m.message(), t);
  }

  /**
   * A failed {@code executeBatch} as JDBC asks: a {@link BatchUpdateException} with the same message and state. Its
   * update counts are empty: an atomic batch wrote nothing, and a batch run element by element stops at the
   * failing element (whose message says which one it was).
   */
  public static BatchUpdateException batchFailure(SQLException e) {
    if (e instanceof BatchUpdateException b) {
      return b;
    }
    return new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), new long[0], e);
  }

  /** The SQLException subclass JDBC 4 names for the class of {@code state}. */
  public static SQLException create(String state, String message, Throwable cause) {
    if (state.equals("HYT00")) {
      return new SQLTimeoutException(message, state, cause);
    }
    String cls = state.substring(0, 2);
    return switch (cls) {
      case "22" -> new SQLDataException(message, state, cause);
      case "23" -> new SQLIntegrityConstraintViolationException(message, state, cause);
      case "42" -> new SQLSyntaxErrorException(message, state, cause);
      case "0A" -> new SQLFeatureNotSupportedException(message, state, cause);
      case "08" -> new SQLNonTransientConnectionException(message, state, cause);
      case "40" -> new SQLTransactionRollbackException(message, state, cause);
      default -> new SQLException(message, state, cause);
    };
  }

  /** The first exception in the chain that says what went wrong, mapped; null if none does. */
  static Mapped map(Throwable t) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable x = t; x != null && seen.size() < CHAIN_MAX && seen.put(x, true) == null; x = x.getCause()) {
      Mapped m = mapOne(x);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  private static Mapped mapOne(Throwable x) {
    return switch (x) {
      case SqlStateException e -> new Mapped(e.sqlState(), e.getMessage());
      case CatalogException e -> new Mapped(catalogState(e.reason()), e.getMessage());
      case SqlParseException e -> new Mapped("42000", parseMessage(e));
      case CalciteContextException e -> contextMapped(e);
      case SqlValidatorException e -> new Mapped(ValidatorStates.state(e.getMessage()), e.getMessage());
      case ReadOnlyException e -> new Mapped("25006", "the store is read-only: " + e.getMessage());
      case CorruptionException e -> new Mapped("XX001", e.getMessage());
      case StorageIoException e -> new Mapped("58030", e.getMessage());
      case CascadeException e -> new Mapped("XX000", e.getMessage());
      case NumberFormatException e -> new Mapped("22018", "invalid number: " + e.getMessage());
      case ArithmeticException e -> new Mapped(arithmeticState(e.getMessage()), e.getMessage());
      case RelOptPlanner.CannotPlanException e -> new Mapped("0A000",
          "the statement cannot be planned: " + firstLine(e.getMessage()));
      case SQLFeatureNotSupportedException e -> new Mapped("0A000", e.getMessage());
      case UnsupportedOperationException e -> new Mapped("0A000", "not supported: " + e.getMessage());
      default -> isTimeout(x) ? new Mapped("HYT00", x.getMessage()) : null;
    };
  }

  /** Calcite's {@code Statement.setQueryTimeout} expiry (its resource QueryExecutionTimeoutReached). */
  private static boolean isTimeout(Throwable x) {
    String m = x.getMessage();
    return m != null && m.startsWith("Timeout of '") && m.contains("for query execution is reached");
  }

  static String catalogState(CatalogException.Reason r) {
    return switch (r) {
      case TABLE_EXISTS -> "42S01";
      case TABLE_NOT_FOUND -> "42S02";
      case COLUMN_EXISTS -> "42S21";
      case COLUMN_NOT_FOUND -> "42S22";
      case INDEX_EXISTS -> "42S11";
      case INDEX_NOT_FOUND -> "42S12";
      case DUPLICATE_KEY -> "23505";
      case NOT_NULL -> "23502";
      case INVALID -> "42000";
    };
  }

  private static String arithmeticState(String message) {
    String m = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
    return m.contains("by zero") ? "22012" : "22003";
  }

  private static Mapped contextMapped(CalciteContextException e) {
    Throwable cause = e.getCause();
    String problem = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
    String state = cause instanceof SqlValidatorException ? ValidatorStates.state(problem) : "42000";
    if (cause != null) {
      Mapped inner = map(cause);
      if (inner != null && !(cause instanceof SqlValidatorException)) {
        state = inner.state();
      }
    }
    String at = e.getPosLine() > 0 ? " at line " + e.getPosLine() + ", column " + e.getPosColumn() : "";
    return new Mapped(state, problem + at);
  }

  /** Calcite's first line ("Encountered ... at line 1, column 8.") and, when short, what it expected. */
  static String parseMessage(SqlParseException e) {
    String msg = String.valueOf(e.getMessage()).strip();
    String first = JAVACC_ENCOUNTERED.matcher(firstLine(msg)).replaceFirst("Encountered \"$1\" at line");
    if (e.getPos() != null && !first.contains("line ")) {
      first = first + " at line " + e.getPos().getLineNum() + ", column " + e.getPos().getColumnNum();
    }
    java.util.Collection<String> expected = e.getExpectedTokenNames();
    if (expected != null && !expected.isEmpty() && expected.size() <= PARSE_EXPECTED_MAX) {
      first = first + " Expected one of: " + String.join(", ", expected);
    }
    return "syntax error: " + first;
  }

  private static String firstLine(String s) {
    String m = String.valueOf(s).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  /**
   * Avatica reports use after close without a state: a closed connection is 08003, a closed statement or result
   * set HY010 (function sequence error); anything else is {@link #GENERAL}.
   */
  static String closedState(String message) {
    String m = String.valueOf(message).toLowerCase(java.util.Locale.ROOT);
    if (m.contains("connection is closed") || m.contains("connection closed")) {
      return "08003";
    }
    return m.contains("closed") ? "HY010" : GENERAL;
  }

  private static SQLException firstSqlException(Throwable t) {
    for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
      if (x instanceof SQLException s && s.getSQLState() != null) {
        return s;
      }
    }
    return null;
  }

  /** The top message without Avatica's "Error while executing SQL" prefix when a cause says more. */
  private static String shortMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = String.valueOf(t.getMessage());
    if (root != t && root.getMessage() != null && top.startsWith("Error while")) {
      return firstLine(root.getMessage());
    }
    return firstLine(top);
  }
}
