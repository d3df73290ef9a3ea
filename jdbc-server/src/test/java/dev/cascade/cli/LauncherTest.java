package dev.cascade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code sqlline-scripts/cascade} in child processes: help, a bad flag, and a server in the foreground that
 * {@code cascade connect} talks to and SIGTERM stops cleanly. ({@code cascade demo} then {@code cascade sql} is in
 * {@link dev.cascade.demo.TpchQueriesTest}, which loads its data that way.)
 */
class LauncherTest {

  @TempDir Path dir;

  @Test
  void helpListsEveryCommandAndExitsZero() throws Exception {
    Launcher.Result help = Launcher.run(dir, null, 60, "help");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.stdout().startsWith("Usage: cascade"), help.toString());
    for (String command : List.of("sql", "server", "connect", "demo", "bench", "help")) {
      assertTrue(help.stdout().contains("\n  " + command + " "), command + " missing from\n" + help);
    }
    assertEquals("", help.stderr().strip(), help.toString());
  }

  @Test
  void badFlagIsOneLineAndTheUsageWithExitCodeTwo() throws Exception {
    Launcher.Result bad = Launcher.run(dir, null, 60, "server", "--prot=8765");
    assertEquals(2, bad.exitCode(), bad.toString());
    List<String> lines = bad.stderr().lines().toList();
    assertEquals("cascade server: Unknown option: '--prot=8765'", lines.get(0), bad.toString());
    assertTrue(lines.get(1).startsWith("Usage: cascade server"), bad.toString());
    assertEquals("", bad.stdout(), bad.toString());
  }

  @Test
  @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void serverInTheForegroundServesConnectAndStopsOnSigterm() throws Exception {
    Path data = dir.resolve("data");
    Process server = Launcher.builder(dir, "server", "--data", data.toString(), "--port", "0")
        .redirectErrorStream(true)
        .start();
    BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    try {
      String url = awaitListening(log);
      Path script = dir.resolve("session.sql");
      Files.writeString(script, """
          CREATE TABLE kv (k INTEGER PRIMARY KEY, v VARCHAR(10));
          INSERT INTO kv VALUES (1, 'remote'), (2, 'rows');
          SELECT v FROM kv ORDER BY k;
          !primarykeys kv
          """);
      Launcher.Result session = Launcher.run(dir, null, 60, "connect", url, "-f", script.toString());
      assertEquals(0, session.exitCode(), session.toString());
      assertTrue(session.stdout().contains("| remote |") && session.stdout().contains("| rows   |"), session.toString());
      assertTrue(session.stdout().contains("PK_KV"), "primary keys through the client driver\n" + session);
    } finally {
      server.toHandle().destroy(); // SIGTERM to bash's exec'd java: the shutdown hook closes the store
    }
    assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
    String rest = log.lines().collect(Collectors.joining("\n"));
    assertTrue(rest.contains("closed; store closed"), rest);
    // The store was closed cleanly: the next process opens it and finds the rows.
    Launcher.Result after = Launcher.run(dir, "SELECT COUNT(*) AS n FROM kv;\n", 60, "sql", data.toString());
    assertEquals(0, after.exitCode(), after.toString());
    assertTrue(after.stdout().contains("| 2 |"), after.toString());
  }

  /** Reads the server's output until it says where it listens; returns that URL (the test's timeout bounds it). */
  private static String awaitListening(BufferedReader reader) throws Exception {
    Pattern listening = Pattern.compile("listening on (https?://\\S+)");
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = reader.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = listening.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("the server never said where it listens:\n" + seen);
  }
}
