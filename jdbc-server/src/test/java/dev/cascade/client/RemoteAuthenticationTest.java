package dev.cascade.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** user/password from the URL or from DriverManager reach the server's HTTP authentication. */
class RemoteAuthenticationTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"BASIC", "DIGEST"})
  void rightCredentialsConnectWrongOnesAreRefused(String scheme) throws IOException, SQLException {
    Path realm = Files.writeString(dir.resolve("realm.properties"), "ann: s3cret\n");
    String auth = scheme.equals("DIGEST") ? ";authentication=DIGEST" : "";
    try (TestServer server = TestServer.start(dir.resolve("data"), "protobuf", scheme, realm)) {
      String url = server.clientUrl("protobuf") + auth;
      try (Connection c = DriverManager.getConnection(url + ";user=ann;password=s3cret")) {
        assertOne(c);
      }
      try (Connection c = DriverManager.getConnection(url, "ann", "s3cret")) {
        assertOne(c);
      }
      SQLException wrong = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url + ";user=ann;password=wrong").close());
      assertEquals("08001", wrong.getSQLState());
      assertTrue(wrong.getMessage().contains("401"), wrong.getMessage());
      assertFalse(wrong.getMessage().contains("wrong"), "no password in the message: " + wrong.getMessage());
      assertThrows(SQLException.class, () -> DriverManager.getConnection(url).close());
    }
  }

  private static void assertOne(Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("VALUES 1")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
    }
  }
}
