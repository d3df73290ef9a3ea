package dev.cascade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cascade.server.CascadeServer;
import dev.cascade.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sqlline.SqlLine;

/**
 * sqlline scripts ({@code src/test/resources/golden/NAME.sql}) run non-interactively, as {@code cascade sql -f} and
 * {@code cascade connect -f} run them, against an embedded store and against an in-process server; the output must
 * equal {@code NAME.embedded.out} / {@code NAME.remote.out}. Each run has a fresh store (and server).
 * {@code -Dgolden.rewrite=true} rewrites those files (review the diff).
 */
class SqlLineGoldenTest {

  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  static final List<String> SCRIPTS = List.of("ddl-dml", "errors", "metadata");
  static final int WIDTH = 120;

  @TempDir Path root;

  static Stream<Arguments> runs() {
    List<Arguments> runs = new ArrayList<>();
    for (String script : SCRIPTS) {
      runs.add(Arguments.of(script, "embedded"));
      runs.add(Arguments.of(script, "remote"));
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("runs")
  void outputMatchesGolden(String script, String transport) throws IOException {
    Path file = GOLDEN.resolve(script + ".sql");
    String actual;
    if (transport.equals("embedded")) {
      actual = run(file, "jdbc:cascade:" + root.resolve("store"));
    } else {
      try (CascadeServer server = CascadeServer.start(serverOn(root.resolve("store")))) {
        actual = run(file, ConnectCommand.REMOTE_PREFIX + "url=" + server.url());
      }
    }
    Path golden = GOLDEN.resolve(script + "." + transport + ".out");
    if (Boolean.getBoolean("golden.rewrite")) {
      Files.writeString(golden, actual);
      return;
    }
    assertEquals(Files.readString(golden), actual, golden + " (rewrite with -Dgolden.rewrite=true after review)");
  }

  /** The server's defaults on a free loopback port. */
  static ServerConfig serverOn(Path dir) {
    ServerConfig d = ServerConfig.defaults(dir);
    return new ServerConfig(d.dataDir(), d.host(), 0, d.usersFile(), d.keystore(), d.keystorePasswordFile(),
        d.serialization(), d.insecure(), d.storeSettings());
  }

  /** Runs the script with the launcher's arguments plus settings that make the output deterministic. */
  static String run(Path script, String url) throws IOException {
    SqlLineRunner runner = new SqlLineRunner(url, "cascade", "", script, WIDTH);
    List<String> args = new ArrayList<>(runner.arguments());
    args.addAll(List.of("--showElapsedTime=false", "--force=true", "--color=false", "--incremental=false"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SqlLineRunner.scriptErrorsOnOneLine();
    SqlLine sqlLine = new SqlLine();
    sqlLine.setOutputStream(out);
    sqlLine.setErrorStream(out);
    sqlLine.begin(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), false);
    return normalize(out.toString(StandardCharsets.UTF_8), url);
  }

  /** The URL (a temp directory, a port) and trailing blanks are the only things that vary between runs. */
  static String normalize(String output, String url) {
    StringBuilder text = new StringBuilder();
    for (String line : output.replace(url, "URL").split("\n", -1)) {
      text.append(line.stripTrailing()).append('\n');
    }
    return text.toString().stripTrailing() + "\n";
  }
}
