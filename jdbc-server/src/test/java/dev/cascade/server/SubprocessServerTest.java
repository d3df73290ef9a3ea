package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Serialization;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in a child JVM: it logs where it listens, serves queries, and on SIGTERM closes the store cleanly,
 * so the data is there when the store is opened again.
 */
class SubprocessServerTest {
  private static final Pattern LISTENING =
      Pattern.compile("Cascade server listening on (http://\\S+) \\(protobuf, auth: none, tls: off");
  private static final long START_SECONDS = 120;

  @TempDir
  Path dir;

  @Test
  void childServerServesAndClosesTheStoreOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    Process child = new ProcessBuilder(javaCommand(data)).redirectErrorStream(true).start();
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> readLog(child, log, url));
    try {
      String base = url.get(START_SECONDS, TimeUnit.SECONDS);
      try (Connection c = DriverManager.getConnection("jdbc:avatica:remote:url=" + base + ";serialization=protobuf");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id INT PRIMARY KEY, name VARCHAR(10))");
        assertEquals(3, s.executeUpdate("INSERT INTO kept VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
      }
      // SIGTERM through the process handle: Process.destroy would also close our end of the child's output.
      assertTrue(child.toHandle().destroy());
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child exited after SIGTERM");
      reader.join(10_000);
      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
      assertEquals(143, child.exitValue(), String.join("\n", log));
      assertTrue(log.stream().anyMatch(l -> l.contains("store closed")), String.join("\n", log));
    } finally {
      child.destroyForcibly();
    }
    try (Connection c = DriverManager.getConnection("jdbc:cascade:" + data);
        ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), MAX(name) FROM kept")) {
      assertTrue(rs.next());
      assertEquals(3, rs.getInt(1));
      assertEquals("c", rs.getString(2));
    }
  }

  private static List<String> javaCommand(Path data) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("-Xmx256m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ServerMain.class.getName());
    cmd.add(data.toString());
    cmd.add("0");
    cmd.add(Serialization.PROTOBUF.name());
    return cmd;
  }

  private static void readLog(Process child, List<String> log, CompletableFuture<String> url) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        log.add(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          url.complete(m.group(1));
        }
      }
      url.completeExceptionally(new AssertionError("child ended without listening:\n" + String.join("\n", log)));
    } catch (java.io.IOException e) {
      url.completeExceptionally(e);
    }
  }
}
