package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Authentication;
import dev.cascade.server.ServerConfig.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server refuses at start, and that each refusal names the problem. */
class StartChecksTest {
  @TempDir
  Path dir;

  private ServerConfig config(String host, int port, Optional<Path> users, Optional<Path> keystore,
      Optional<Path> passwordFile, boolean insecure) {
    return new ServerConfig(dir.resolve("data"), host, port, users, keystore, passwordFile, Serialization.PROTOBUF,
        insecure, Map.of(), Authentication.BASIC);
  }

  private static String refusal(ServerConfig config) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StartChecks.run(config));
    return e.getMessage();
  }

  private Path users(String text) throws Exception {
    return Files.writeString(dir.resolve("users"), text, StandardCharsets.ISO_8859_1);
  }

  @Test
  void nonLoopbackWithoutUsersIsRefusedUnlessInsecure() throws Exception {
    String m = refusal(config("0.0.0.0", 0, Optional.empty(), Optional.empty(), Optional.empty(), false));
    assertTrue(m.contains("not a loopback address") && m.contains("--users") && m.contains("--insecure"), m);
    StartChecks insecure = StartChecks.run(config("0.0.0.0", 0, Optional.empty(), Optional.empty(),
        Optional.empty(), true));
    assertTrue(insecure.address().isAnyLocalAddress());
    StartChecks authenticated = StartChecks.run(config("0.0.0.0", 0, Optional.of(users("u: p\n")),
        Optional.empty(), Optional.empty(), false));
    assertEquals(java.util.Set.of("u"), authenticated.users().orElseThrow().users());
  }

  @Test
  void loopbackNeedsNoUsers() {
    for (String host : new String[] {"127.0.0.1", "localhost", "::1"}) {
      assertTrue(StartChecks.run(config(host, 0, Optional.empty(), Optional.empty(), Optional.empty(), false))
          .address().isLoopbackAddress(), host);
    }
  }

  @Test
  void badPortsAndHostsAreRefused() {
    assertTrue(refusal(config("127.0.0.1", -1, Optional.empty(), Optional.empty(), Optional.empty(), false))
        .contains("port -1 is out of range"));
    assertTrue(refusal(config("127.0.0.1", 65_536, Optional.empty(), Optional.empty(), Optional.empty(), false))
        .contains("port 65536 is out of range"));
    assertTrue(refusal(config("no-such-host.invalid", 0, Optional.empty(), Optional.empty(), Optional.empty(),
        false)).contains("cannot resolve the host 'no-such-host.invalid'"));
    assertTrue(refusal(config(" ", 0, Optional.empty(), Optional.empty(), Optional.empty(), false))
        .contains("no host given"));
  }

  @Test
  void unknownStoreSettingIsRefused() {
    ServerConfig c = new ServerConfig(dir, "127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.empty(),
        Serialization.PROTOBUF, false, Map.of("model", "x"));
    assertTrue(refusal(c).contains("unknown store setting 'model'"));
  }

  @Test
  void usersFileProblemsNameFileAndLine() throws Exception {
    Path missing = dir.resolve("nope");
    assertTrue(refusal(config("127.0.0.1", 0, Optional.of(missing), Optional.empty(), Optional.empty(), false))
        .contains("cannot read the users file " + missing));
    String[][] cases = {
        {"# ok\nalice: pw\nbroken line\n", "line 3: expected 'name: password'"},
        {"alice: pw\nalice: other\n", "line 2: user 'alice' is defined twice"},
        {"alice: pw, admin\n", "line 1: expected"},
        {"alice: p\\w\n", "line 1: expected"},
        {"alice:\n", "line 1: expected"},
        {"# nobody\n\n", "defines no users"},
    };
    for (String[] c : cases) {
      String m = refusal(config("127.0.0.1", 0, Optional.of(users(c[0])), Optional.empty(), Optional.empty(),
          false));
      assertTrue(m.contains(dir.resolve("users").toString()) && m.contains(c[1]), c[0] + " -> " + m);
    }
  }

  @Test
  void keystoreProblemsAreNamed() throws Exception {
    Path ks = dir.resolve("missing.p12");
    Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
    assertTrue(refusal(config("127.0.0.1", 0, Optional.empty(), Optional.of(ks), Optional.empty(), false))
        .contains("without a keystore password file"));
    assertTrue(refusal(config("127.0.0.1", 0, Optional.empty(), Optional.empty(), Optional.of(pw), false))
        .contains("without a keystore"));
    assertTrue(refusal(config("127.0.0.1", 0, Optional.empty(), Optional.of(ks), Optional.of(pw), false))
        .contains("cannot open the keystore " + ks));
    Path notAKeystore = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");
    assertTrue(refusal(config("127.0.0.1", 0, Optional.empty(), Optional.of(notAKeystore), Optional.of(pw),
        false)).contains("cannot open the keystore " + notAKeystore));
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertTrue(refusal(config("127.0.0.1", 0, Optional.empty(), Optional.of(notAKeystore), Optional.of(empty),
        false)).contains("line 1: expected the keystore password"));
    assertTrue(refusal(config("127.0.0.1", 0, Optional.empty(), Optional.of(notAKeystore),
        Optional.of(dir.resolve("no-pw")), false)).contains("cannot read the keystore password file"));
  }

  @Test
  void wrongKeystorePasswordIsNamed() throws Exception {
    Path ks = TestKeystores.serverKeystore(dir);
    Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n");
    String m = refusal(config("127.0.0.1", 0, Optional.empty(), Optional.of(ks), Optional.of(wrong), false));
    assertTrue(m.contains("cannot open the keystore " + ks) && m.contains("wrong password"), m);
  }

  @Test
  void aStoreThatCannotOpenIsAClearStartError() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "not a store");
    ServerConfig c = new ServerConfig(notADirectory, "127.0.0.1", 0, Optional.empty(), Optional.empty(),
        Optional.empty(), Serialization.PROTOBUF, false, Map.of());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> CascadeServer.start(c));
    assertTrue(e.getMessage().startsWith("cannot open the store " + notADirectory), e.getMessage());
  }

  @Test
  void portInUseIsAClearStartError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      ServerConfig c = config("127.0.0.1", taken.getLocalPort(), Optional.empty(), Optional.empty(),
          Optional.empty(), false);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> CascadeServer.start(c));
      assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
      assertEquals(0, dev.cascade.sql.StoreRegistry.references(dir.resolve("data")), "store released");
    }
  }
}
