package dev.cascade.sql.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cascade.sql.jdbc.JdbcTestSupport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Statement.cancel()} and {@code setQueryTimeout} stop a statement that is still computing its first row (a
 * cross join counted), through the checks in its scans: HY008 and HYT00, and the connection stays usable. (The
 * query would read 36 million rows; the bound only keeps a broken check from hanging the build.)
 */
class StatementStopTest {
  private static final String HUGE = "SELECT COUNT(*) FROM t a, t b WHERE a.n + b.n >= 0";
  private static final String HUGE_PREPARED = "SELECT COUNT(*) FROM t a, t b WHERE a.n + b.n >= ?";
  private static final Duration BOUND = Duration.ofSeconds(120);

  @TempDir
  Path dir;
  Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = JdbcTestSupport.connect(dir);
    try (Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE t (id INT PRIMARY KEY, n INT)");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      for (int i = 0; i < 6000; i++) {
        ps.setInt(1, i);
        ps.setInt(2, i % 10);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void cancelStopsARunningStatement() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertCancelled(s, () -> s.executeQuery(HUGE).next());
    }
  }

  @Test
  void aQueryTimeoutStopsARunningStatement() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertTimedOut(s, () -> s.executeQuery(HUGE).next());
    }
  }

  /** A prepared statement with parameters binds its cancel flag and timeout apart from Calcite's own path. */
  @Test
  void cancelStopsARunningPreparedStatementWithParameters() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HUGE_PREPARED)) {
      ps.setInt(1, 0);
      assertCancelled(ps, () -> ps.executeQuery().next());
    }
  }

  @Test
  void aQueryTimeoutStopsARunningPreparedStatementWithParameters() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HUGE_PREPARED)) {
      ps.setInt(1, 0);
      assertTimedOut(ps, () -> ps.executeQuery().next());
    }
  }

  /** {@code query} on {@code s}, cancelled from another thread after 300 ms, fails with HY008. */
  private void assertCancelled(Statement s, Executable query) {
    assertTimeoutPreemptively(BOUND, () -> {
      Thread canceller = Thread.ofPlatform().start(() -> {
        try {
          Thread.sleep(300);
          s.cancel();
        } catch (InterruptedException | SQLException e) {
          throw new RuntimeException(e);
        }
      });
      SQLException e = assertThrows(SQLException.class, query);
      canceller.join();
      assertEquals("HY008", e.getSQLState(), e.getMessage());
      assertStillUsable();
    });
  }

  /** {@code query} on {@code s} with a 1-second query timeout fails with HYT00. */
  private void assertTimedOut(Statement s, Executable query) {
    assertTimeoutPreemptively(BOUND, () -> {
      s.setQueryTimeout(1);
      SQLTimeoutException e = assertThrows(SQLTimeoutException.class, query);
      assertEquals("HYT00", e.getSQLState(), e.getMessage());
      assertStillUsable();
    });
  }

  private void assertStillUsable() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      assertEquals(6000, rs.getInt(1));
    }
  }
}
