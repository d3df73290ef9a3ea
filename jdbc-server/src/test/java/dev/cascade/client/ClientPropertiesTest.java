package dev.cascade.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ClientPropertiesTest {
  static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void protobufByDefaultAndNoAuthenticationWithoutUser() throws SQLException {
    Properties p = ClientProperties.withDefaults(props("url", "http://h:1"));
    assertEquals("protobuf", p.getProperty("serialization"));
    assertNull(p.getProperty("authentication"));
    assertNull(p.getProperty("avatica_user"));
  }

  @Test
  void explicitSerializationIsKept() throws SQLException {
    assertEquals("JSON", ClientProperties.withDefaults(props("url", "http://h:1", "SERIALIZATION", "JSON"))
        .getProperty("SERIALIZATION"));
  }

  @Test
  void userAndPasswordAuthenticateOverHttp() throws SQLException {
    Properties p = ClientProperties.withDefaults(props("url", "http://h:1", "user", "ann", "password", "pw"));
    assertEquals("ann", p.getProperty("avatica_user"));
    assertEquals("pw", p.getProperty("avatica_password"));
    assertEquals("BASIC", p.getProperty("authentication"));
    assertEquals("ann", p.getProperty("user"), "still sent to the server as Avatica does");
  }

  @Test
  void explicitAvaticaSettingsWin() throws SQLException {
    Properties p = ClientProperties.withDefaults(props("url", "http://h:1", "user", "ann", "AVATICA_USER", "bob",
        "authentication", "digest"));
    assertEquals("bob", ClientProperties.get(p, "avatica_user"));
    assertEquals("DIGEST", p.getProperty("authentication"));
  }

  @Test
  void missingUrlAndBadSerializationAreRefusedByName() {
    SQLException noUrl = assertThrows(SQLException.class, () -> ClientProperties.withDefaults(props()));
    assertTrue(noUrl.getMessage().contains("url=http://HOST:PORT"), noUrl.getMessage());
    SQLException bad = assertThrows(SQLException.class,
        () -> ClientProperties.withDefaults(props("url", "http://h:1", "serialization", "xml")));
    assertTrue(bad.getMessage().contains("'xml'"), bad.getMessage());
  }
}
