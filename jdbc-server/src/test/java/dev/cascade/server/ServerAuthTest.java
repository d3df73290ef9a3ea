package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Authentication;
import dev.cascade.server.ServerConfig.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** BASIC and DIGEST authentication from a users file: through the remote driver and by raw HTTP. */
class ServerAuthTest {
  @TempDir
  Path dir;

  private CascadeServer start(Authentication scheme) throws Exception {
    Path users = dir.resolve("users");
    Files.writeString(users, "# Cascade users\n\nalice: wonder land\nbob : b0b!\n", StandardCharsets.ISO_8859_1);
    ServerConfig config = new ServerConfig(dir.resolve("data"), "127.0.0.1", 0, Optional.of(users),
        Optional.empty(), Optional.empty(), Serialization.PROTOBUF, false, Map.of(), scheme);
    return CascadeServer.start(config);
  }

  private static String url(CascadeServer server, Authentication scheme, String user, String password) {
    String url = TestServers.avaticaUrl(server, Serialization.PROTOBUF) + ";authentication=" + scheme.name();
    return user == null ? url : url + ";avatica_user=" + user + ";avatica_password=" + password;
  }

  @ParameterizedTest
  @EnumSource(Authentication.class)
  void rightCredentialsWork(Authentication scheme) throws Exception {
    try (CascadeServer server = start(scheme)) {
      for (String[] user : new String[][] {{"alice", "wonder land"}, {"bob", "b0b!"}}) {
        try (Connection c = DriverManager.getConnection(url(server, scheme, user[0], user[1]));
            ResultSet rs = c.createStatement().executeQuery("VALUES 42")) {
          assertTrue(rs.next());
          assertEquals(42, rs.getInt(1));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Authentication.class)
  void missingOrWrongCredentialsAreRefused(Authentication scheme) throws Exception {
    try (CascadeServer server = start(scheme)) {
      for (String[] user : new String[][] {{"alice", "wrong"}, {"mallory", "wonder land"}, {null, null}}) {
        Exception e = assertThrows(Exception.class,
            () -> DriverManager.getConnection(url(server, scheme, user[0], user[1])).close());
        assertTrue(String.valueOf(e.getMessage()).contains("401"), e.toString());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Authentication.class)
  void rawPostWithoutOrWithWrongCredentialsGets401(Authentication scheme) throws Exception {
    try (CascadeServer server = start(scheme); HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(server.url()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}));
      HttpResponse<String> none = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, none.statusCode());
      assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").toUpperCase(Locale.ROOT)
          .startsWith(scheme.name()), none.headers().toString());
      String wrong = Base64.getEncoder().encodeToString("alice:wrong".getBytes(StandardCharsets.ISO_8859_1));
      HttpResponse<String> bad = http.send(post.header("Authorization", "Basic " + wrong).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(401, bad.statusCode());
    }
  }
}
