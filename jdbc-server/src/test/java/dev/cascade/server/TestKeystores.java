package dev.cascade.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes a test keystore with the running JDK's keytool, once per test JVM (keytool is a JVM start), and copies it
 * where a test wants it.
 *
 * <p>Thread-safe.
 */
final class TestKeystores {
  static final String PASSWORD = "cascade-test";
  private static Path made;

  private TestKeystores() {
  }

  /** A PKCS12 keystore at {@code dir/server.p12} with an EC key for CN=localhost, IP 127.0.0.1. */
  static synchronized Path serverKeystore(Path dir) throws IOException, InterruptedException {
    if (made == null) {
      Path tmp = Files.createTempDirectory("cascade-keystore");
      tmp.toFile().deleteOnExit();
      made = generate(tmp);
      made.toFile().deleteOnExit(); // deleted before its directory (reverse order)
    }
    return Files.copy(made, dir.resolve("server.p12"));
  }

  private static Path generate(Path dir) throws IOException, InterruptedException {
    Path ks = dir.resolve("server.p12");
    keytool("-genkeypair", "-alias", "cascade", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    return ks;
  }

  /** A password file holding {@link #PASSWORD} on its first line. */
  static Path passwordFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("keystore.password"), PASSWORD + "\n", StandardCharsets.UTF_8);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }
}
