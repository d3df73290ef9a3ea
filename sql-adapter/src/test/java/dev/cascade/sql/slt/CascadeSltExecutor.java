package dev.cascade.sql.slt;

import dev.cascade.sql.CascadeDriver;
import dev.cascade.sql.plan.Pushdown;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import net.hydromatic.sqllogictest.ISqlTestOperation;
import net.hydromatic.sqllogictest.OptionsParser;
import net.hydromatic.sqllogictest.SltSqlStatement;
import net.hydromatic.sqllogictest.SltTestFile;
import net.hydromatic.sqllogictest.SqlTestQuery;
import net.hydromatic.sqllogictest.TestStatistics;
import net.hydromatic.sqllogictest.executors.JdbcExecutor;

/**
 * Runs sqllogictest files against {@code jdbc:cascade:<dir>}. Unlike the library's own loop, a failing statement
 * does not abort the file (it is counted, and the queries after it run and fail on their own), and every statement
 * and query runs under a time limit: on expiry the statement is cancelled, the worker thread abandoned and the
 * connection reopened. Result checking is the library's ({@link #validate}), so pass and fail mean what they mean
 * for every other engine the library runs. A failed query is run again with Cascade's pushdown disabled, and the
 * failure says whether that plan passes (then the pushed plan is wrong).
 *
 * <p>Owned by the test thread that created it (one file at a time); its worker thread only runs the operation the
 * test thread is waiting on.
 */
public final class CascadeSltExecutor extends JdbcExecutor implements AutoCloseable {
  /** How many failures per file are kept for the report. */
  public static final int FAILURES_KEPT = 25;
  /**
   * After this many timeouts in one file the remaining queries are not run (they count as failed): a store that
   * hangs on every big join would otherwise hold a stress run for hours.
   */
  public static final int TIMEOUTS_MAX = 20;

  private final Duration timeout;
  private final int sampleEvery;
  private final AtomicReference<Statement> running = new AtomicReference<>();
  private ExecutorService worker = newWorker();

  /**
   * An executor on the store in {@code directory} (created if missing) that runs every statement but only every
   * {@code sampleEvery}-th query (1: all), each under {@code timeout}.
   */
  public CascadeSltExecutor(OptionsParser.SuppliedOptions options, Path directory, Duration timeout,
      int sampleEvery) {
    super(options, CascadeDriver.PREFIX + directory.toAbsolutePath(), "", "");
    this.timeout = timeout;
    this.sampleEvery = Math.max(1, sampleEvery);
  }

  /** Opens the connection through {@link DriverManager} (service loading) with no client properties. */
  @Override
  public void establishConnection() throws SQLException {
    connection = DriverManager.getConnection(dbUrl);
  }

  /** The library's entry point; {@link #run} gives the detailed result. */
  @Override
  public TestStatistics execute(SltTestFile file, OptionsParser.SuppliedOptions ignored) throws SQLException {
    SltFileResult r = run(file, file.toString());
    TestStatistics s = new TestStatistics(false, 0);
    s.setPassedTestCount(r.passed());
    s.setFailedTestCount(r.failed());
    return s;
  }

  /**
   * Runs every statement and query of {@code file} in order, then drops the tables it made. If no connection can be
   * opened every query counts as failed, with the reason.
   */
  public SltFileResult run(SltTestFile file, String name) throws SQLException {
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    Tally tally = new Tally();
    int sampled = (file.getTestCount() + sampleEvery - 1) / sampleEvery;
    try {
      establishConnection();
    } catch (SQLException | RuntimeException e) {
      tally.failures.add(SltFailure.of(dbUrl, "cannot connect, file not run: " + describe(e)));
      return new SltFileResult(name, sampled, 0, sampled, 0, 0, tally.failures,
          java.util.Map.of("cannot connect", sampled), 0, 0);
    }
    try {
      int queryIndex = 0;
      for (ISqlTestOperation op : file.fileContents) {
        if (op instanceof SltSqlStatement st) {
          runStatement(st, tally);
        } else if (op instanceof SqlTestQuery q && queryIndex++ % sampleEvery == 0) {
          runQuery(q, tally);
        }
      }
      dropTables(tally);
    } finally {
      closeConnection();
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    long cpuMillis = (processCpuNanos() - cpuStart) / 1_000_000;
    return new SltFileResult(name, sampled, tally.passed, tally.failed, tally.timedOut, tally.statementsFailed,
        tally.failures, tally.reasons, millis, cpuMillis);
  }

  private void runStatement(SltSqlStatement st, Tally tally) {
    Outcome o = timed(() -> {
      try (Statement s = track(connection.createStatement())) {
        s.execute(st.statement);
      }
      return null;
    });
    if (st.shouldPass && o.error != null) {
      tally.statementFailed(st.statement, o.error);
    } else if (!st.shouldPass && o.error == null) {
      tally.statementFailed(st.statement, "statement succeeded but the test expects an error");
    }
  }

  private void runQuery(SqlTestQuery q, Tally tally) {
    if (tally.timedOut >= TIMEOUTS_MAX) {
      tally.queryFailed(q.getQuery(), "not run: " + TIMEOUTS_MAX + " queries of this file timed out already");
      return;
    }
    Outcome o = attempt(q, false);
    if (o.timedOut) {
      tally.timedOut(q.getQuery(), o.error);
    } else if (o.error != null) {
      tally.queryFailed(q.getQuery(), unpushedVerdict(q) + " " + o.error);
    } else {
      tally.passed++;
    }
  }

  /**
   * Runs {@code q} once and checks its result with the library's {@link #validate}; a wrong result comes back as an
   * error naming the mismatch. {@code unpushed} plans it with Cascade's pushdown switched off on the worker thread.
   */
  private Outcome attempt(SqlTestQuery q, boolean unpushed) {
    RecordingStatistics stats = new RecordingStatistics();
    Outcome o = timed(() -> {
      try (AutoCloseable mode = unpushed ? Pushdown.disable() : () -> { };
          Statement s = track(connection.createStatement()); ResultSet rs = s.executeQuery(q.getQuery())) {
        validate(q, rs, q.outputDescription, stats);
      }
      return null;
    });
    if (o.error == null && !stats.recorded().isEmpty()) {
      return new Outcome(false, stats.recorded().get(0).error);
    }
    return o;
  }

  /** Whether a failed query passes when planned without pushdown: tells a pushdown bug from the rest. */
  private String unpushedVerdict(SqlTestQuery q) {
    Outcome o = attempt(q, true);
    return o.error == null ? "[PUSHDOWN BUG: passes unpushed]" : "[fails unpushed too]";
  }


  private Statement track(Statement s) {
    running.set(s);
    return s;
  }

  /** Drops this file's tables so the next file, even on a shared store, starts empty; failures are counted. */
  private void dropTables(Tally tally) {
    List<String> tables = new ArrayList<>();
    Outcome listed = timed(() -> {
      try (ResultSet rs = connection.getMetaData().getTables(null, CascadeDriver.SCHEMA, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      return null;
    });
    if (listed.error != null) {
      tally.statementFailed("DatabaseMetaData.getTables", listed.error);
    }
    for (String t : tables) {
      runStatement(new SltSqlStatement("DROP TABLE \"" + t + "\"", true), tally);
    }
  }

  /** Runs {@code work} on the worker under the time limit. */
  private Outcome timed(Callable<Void> work) {
    Future<Void> f = worker.submit(work);
    try {
      f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Outcome.OK;
    } catch (TimeoutException e) {
      abandon(f);
      return new Outcome(true, "timed out after " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return new Outcome(false, describe(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running sqllogictest", e);
    } finally {
      running.set(null);
    }
  }

  /** Cancels a statement that ran too long and starts over with a fresh worker and connection. */
  private void abandon(Future<Void> f) {
    Statement s = running.get();
    try {
      if (s != null) {
        s.cancel();
      }
    } catch (SQLException | RuntimeException ignored) {
      // The statement may not support cancel; the worker is abandoned either way.
    }
    f.cancel(true);
    worker.shutdownNow();
    worker = newWorker();
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // A connection stuck in a statement may refuse to close; a new one replaces it.
    }
    try {
      establishConnection();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reconnect after a timed-out statement: " + e.getMessage(), e);
    }
  }

  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.getClass().getSimpleName());
    if (t instanceof SQLException se && se.getSQLState() != null) {
      b.append(" [").append(se.getSQLState()).append(']');
    }
    b.append(": ").append(t.getMessage());
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t) {
      b.append("\n  root cause ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
    }
    return b.toString();
  }

  /** A failure message reduced to its kind: first line, numbers and quoted names blanked, cut short. */
  static String reason(String message) {
    String first = message.lines().findFirst().orElse("").replaceAll("\\d+", "N").replaceAll("'[^']*'", "'..'")
        .replaceAll("`[^`]*`", "`..`");
    return first.length() > 140 ? first.substring(0, 140) : first;
  }

  /** CPU time of the whole process (every thread: shards, compiler, GC), the cost on an idle machine. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "slt-query");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  private record Outcome(boolean timedOut, String error) {
    static final Outcome OK = new Outcome(false, null);
  }

  /** Counters for one file. Owned by the test thread. */
  private static final class Tally {
    int passed;
    int failed;
    int timedOut;
    int statementsFailed;
    final List<SltFailure> failures = new ArrayList<>();
    final java.util.Map<String, Integer> reasons = new java.util.HashMap<>();

    void queryFailed(String sql, String message) {
      failed++;
      keep(sql, message);
    }

    void timedOut(String sql, String message) {
      timedOut++;
      queryFailed(sql, message);
    }

    void statementFailed(String sql, String message) {
      statementsFailed++;
      keep(sql, "statement: " + message);
    }

    private void keep(String sql, String message) {
      reasons.merge(reason(message), 1, Integer::sum);
      if (failures.size() < FAILURES_KEPT) {
        failures.add(SltFailure.of(sql, message));
      }
    }
  }
}
