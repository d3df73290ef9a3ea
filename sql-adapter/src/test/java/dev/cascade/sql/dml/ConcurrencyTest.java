package dev.cascade.sql.dml;

import static dev.cascade.sql.dml.DmlDb.column;
import static dev.cascade.sql.dml.DmlDb.notNull;
import static dev.cascade.sql.dml.DmlDb.sized;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.table.ColumnType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir
  Path dir;

  /** Statements from several connections serialise on the store's write lock: no update is lost. */
  @Test
  void concurrentReadModifyWriteStatementsLoseNoUpdate() throws Exception {
    int threads = 3;
    int increments = 20;
    try (DmlDb db = DmlDb.open(dir)) {
      db.create("C", new int[] {0}, notNull("ID", ColumnType.INTEGER), column("N", ColumnType.INTEGER));
      db.update("INSERT INTO C VALUES (1, 0)");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:cascade:" + dir);
                PreparedStatement s = c.prepareStatement("UPDATE C SET N = N + 1 WHERE ID = ?")) {
              s.setInt(1, 1);
              for (int i = 0; i < increments; i++) {
                assertEquals(1, s.executeUpdate());
              }
            }
            return null;
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(List.of("[1, " + threads * increments + "]"), db.text("C"));
    }
  }

  /** A write set beyond one WAL record (here 2 MiB: 32 segments of 64 KiB) is refused: 54000, nothing written. */
  @Test
  void aStatementLargerThanOneWalRecordWritesNothing() throws Exception {
    try (DmlDb db = DmlDb.open(dir, DmlDb.OPTIONS.toBuilder().walSegmentBytes(64 << 10).build())) {
      db.create("W", new int[] {0}, notNull("ID", ColumnType.INTEGER), sized("S", ColumnType.VARCHAR, 60000, 0));
      StringBuilder sql = new StringBuilder("INSERT INTO W SELECT x, CAST(? AS VARCHAR(60000)) FROM (VALUES ");
      for (int i = 0; i < 40; i++) {
        sql.append(i == 0 ? "" : ", ").append('(').append(i).append(')');
      }
      sql.append(") AS v(x)");
      try (PreparedStatement ps = db.connection.prepareStatement(sql.toString())) {
        ps.setString(1, "y".repeat(60000));
        SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
        assertEquals("54000", DmlDb.sqlStateOf(e), () -> DmlDb.describe(e));
        String message = DmlDb.messageOf(e);
        assertTrue(message.contains("too large") && message.contains("nothing was written"), message);
      }
      assertEquals(List.of(), db.text("W"));
      assertEquals(1, db.update("INSERT INTO W VALUES (1, 'small')"));
    }
  }
}
