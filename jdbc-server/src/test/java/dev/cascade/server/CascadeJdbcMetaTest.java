package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.calcite.avatica.Meta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds CascadeJdbcMeta adds to JdbcMeta, checked on the Meta directly (small limits, no HTTP). */
class CascadeJdbcMetaTest {
  @TempDir
  Path dir;

  private CascadeJdbcMeta meta(int connectionsMax, int timeoutSeconds) throws SQLException {
    return new CascadeJdbcMeta("jdbc:cascade:" + dir + ";durability=none", connectionsMax, timeoutSeconds);
  }

  @Test
  void connectionsBeyondTheBoundAreRefusedUntilOneCloses() throws Exception {
    CascadeJdbcMeta meta = meta(3, 60);
    try {
      for (int i = 0; i < 3; i++) {
        meta.openConnection(new Meta.ConnectionHandle("c" + i), Map.of());
      }
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> meta.openConnection(new Meta.ConnectionHandle("c3"), Map.of()));
      SQLException sql = (SQLException) e.getCause();
      assertEquals("53300", sql.getSQLState());
      assertTrue(sql.getMessage().contains("too many connections: the server allows 3"), sql.getMessage());
      meta.closeConnection(new Meta.ConnectionHandle("c0"));
      meta.openConnection(new Meta.ConnectionHandle("c3"), Map.of());
      assertEquals(3, meta.openConnections());
    } finally {
      meta.closeAll();
    }
    assertEquals(0, meta.openConnections());
  }

  @Test
  void everyStatementGetsTheServersQueryTimeout() throws Exception {
    CascadeJdbcMeta meta = meta(4, 7);
    try {
      meta.openConnection(new Meta.ConnectionHandle("t"), Map.of());
      Connection c = meta.connection("t");
      try (Statement s = c.createStatement()) {
        assertEquals(7, s.getQueryTimeout());
      }
      try (var p = c.prepareStatement("VALUES 1")) {
        assertEquals(7, p.getQueryTimeout());
      }
    } finally {
      meta.closeAll();
    }
  }

  @Test
  void framesAreCutToTheBound() {
    assertEquals(ServerLimits.FRAME_ROWS_MAX, CascadeJdbcMeta.frameRows(-1));
    assertEquals(ServerLimits.FRAME_ROWS_MAX, CascadeJdbcMeta.frameRows(-2));
    assertEquals(ServerLimits.FRAME_ROWS_MAX, CascadeJdbcMeta.frameRows(0));
    assertEquals(ServerLimits.FRAME_ROWS_MAX, CascadeJdbcMeta.frameRows(Integer.MAX_VALUE));
    assertEquals(100, CascadeJdbcMeta.frameRows(100));
  }
}
