package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Authentication;
import dev.cascade.server.ServerConfig.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS from a PKCS12 keystore: a round trip over https with a truststore, with and without authentication. */
class ServerTlsTest {
  @TempDir
  Path dir;

  private ServerConfig config(Path keystore, Optional<Path> users, Serialization serialization) throws Exception {
    return new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, users, Optional.of(keystore),
        Optional.of(TestKeystores.passwordFile(dir)), serialization, false, Map.of(), Authentication.DIGEST);
  }

  @Test
  void roundTripOverHttps() throws Exception {
    Path keystore = TestKeystores.serverKeystore(dir);
    // Java trusts the certificate of a key entry, so the keystore doubles as the client's truststore.
    Path trust = keystore;
    Path users = Files.writeString(dir.resolve("users"), "carol: s3cret\n", StandardCharsets.ISO_8859_1);
    // TLS is below the wire format: one serialization is enough (protobuf, the default).
    Serialization serialization = Serialization.PROTOBUF;
    try (CascadeServer server = CascadeServer.start(config(keystore, Optional.of(users), serialization))) {
      assertTrue(server.url().startsWith("https://127.0.0.1:"), server.url());
      String url = TestServers.avaticaUrl(server, serialization) + ";truststore=" + trust
          + ";truststore_password=" + TestKeystores.PASSWORD
          + ";authentication=DIGEST;avatica_user=carol;avatica_password=s3cret";
      try (Connection c = DriverManager.getConnection(url);
          ResultSet rs = c.createStatement().executeQuery("VALUES 'over tls'")) {
        assertTrue(rs.next());
        assertEquals("over tls", rs.getString(1));
      }
      // Without the truststore the client does not trust the server's self-signed certificate.
      String untrusted = TestServers.avaticaUrl(server, serialization)
          + ";authentication=DIGEST;avatica_user=carol;avatica_password=s3cret";
      assertThrows(Exception.class, () -> DriverManager.getConnection(untrusted).close());
    }
  }
}
