package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Serialization;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SQLSTATEs and messages through the remote driver, and the whitelist of client connection properties. */
class ServerErrorsTest {
  @TempDir
  static Path dir;
  private static CascadeServer protobuf;
  private static CascadeServer json;

  @BeforeAll
  static void start() throws Exception {
    protobuf = TestServers.start(dir, Serialization.PROTOBUF);
    json = CascadeServer.start(TestServers.config(dir, Serialization.JSON));
    try (Connection c = TestServers.connect(protobuf, Serialization.PROTOBUF); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE e (id INT PRIMARY KEY, name VARCHAR(10) NOT NULL)");
      s.execute("INSERT INTO e VALUES (1, 'one')");
    }
  }

  @AfterAll
  static void stop() {
    json.close();
    protobuf.close();
  }

  private static CascadeServer server(Serialization s) {
    return s == Serialization.PROTOBUF ? protobuf : json;
  }

  /** The SQLException the remote client sees for {@code sql}. */
  private static SQLException fail(Serialization serialization, String sql) throws SQLException {
    try (Connection c = TestServers.connect(server(serialization), serialization);
        Statement s = c.createStatement()) {
      return assertThrows(SQLException.class, () -> s.execute(sql));
    }
  }

  /** The message as the server sent it (Avatica's client prefixes "Error code (state) : "). */
  private static String serverMessage(SQLException e) {
    return e instanceof AvaticaSqlException a ? a.getErrorMessage() : e.getMessage();
  }

  /**
   * The embedded driver's message arrives whole; Avatica's client puts its own "Error while executing SQL ...:
   * Remote driver error: " in front.
   */
  private static void assertMessageEndsWith(String embedded, SQLException e) {
    assertTrue(serverMessage(e).endsWith(": " + embedded), () -> "expected ..." + embedded + ", got " + e);
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void duplicateKeyIs23505(Serialization s) throws Exception {
    SQLException e = fail(s, "INSERT INTO e VALUES (1, 'again')");
    assertEquals("23505", e.getSQLState(), e.toString());
    assertMessageEndsWith(embeddedMessage("INSERT INTO e VALUES (1, 'again')"), e);
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void syntaxErrorIs42000(Serialization s) throws Exception {
    SQLException e = fail(s, "SELEKT 1");
    assertEquals("42000", e.getSQLState(), e.toString());
    assertMessageEndsWith(embeddedMessage("SELEKT 1"), e);
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void unknownTableIs42S02(Serialization s) throws Exception {
    SQLException e = fail(s, "SELECT * FROM no_such_table");
    assertEquals("42S02", e.getSQLState(), e.toString());
    assertTrue(serverMessage(e).toUpperCase(java.util.Locale.ROOT).contains("NO_SUCH_TABLE"), e.toString());
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void notNullIs23502(Serialization s) throws Exception {
    SQLException e = fail(s, "INSERT INTO e (id) VALUES (5)");
    assertEquals("23502", e.getSQLState(), e.toString());
  }

  /** What the embedded driver (in this process, on the server's store) says for {@code sql}. */
  private static String embeddedMessage(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:cascade:" + dir); Statement s = c.createStatement()) {
      return assertThrows(SQLException.class, () -> s.execute(sql)).getMessage();
    }
  }

  /**
   * Avatica's remote driver sends the connection's {@link Properties} (not the settings in its URL) to the server
   * with OpenConnection; stock JdbcMeta would hand them to the driver.
   */
  @ParameterizedTest
  @ValueSource(strings = {"model=inline:{}", "parserFactory=java.lang.Object#INSTANCE",
      "schemaFactory=java.lang.Object", "shards=4", "durability=sync", "noSuchProperty=1"})
  void forbiddenPropertiesAreRefusedByName(String setting) {
    String key = setting.substring(0, setting.indexOf('='));
    Properties props = new Properties();
    props.setProperty(key, setting.substring(setting.indexOf('=') + 1));
    for (Serialization s : Serialization.values()) {
      // Avatica's remote driver opens the server-side connection in getConnection and reports a refusal there as
      // an AvaticaClientRuntimeException (not an SQLException), with the server's SQLSTATE and message.
      AvaticaClientRuntimeException e = assertThrows(AvaticaClientRuntimeException.class,
          () -> DriverManager.getConnection(TestServers.avaticaUrl(server(s), s), props).close(), setting);
      assertTrue(e.getMessage().contains("'" + key + "'"), e.toString());
      assertTrue(e.getMessage().contains("not accepted by the Cascade server"), e.toString());
      assertEquals("08001", e.getSqlState(), e.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void safePropertiesAreAccepted(Serialization s) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "someone");
    p.setProperty("password", "secret");
    p.setProperty("caseSensitive", "false");
    try (Connection c = DriverManager.getConnection(TestServers.avaticaUrl(server(s), s), p);
        ResultSet rs = c.createStatement().executeQuery("select NAME from E where ID = 1")) {
      assertTrue(rs.next());
      assertEquals("one", rs.getString(1));
    }
  }
}
