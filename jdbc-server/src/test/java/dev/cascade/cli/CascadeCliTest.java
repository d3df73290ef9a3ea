package dev.cascade.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line in process: help texts, and every kind of bad usage giving one line naming the problem, the
 * usage of the command, and exit code 2. (The script around it: {@link LauncherTest}.)
 */
class CascadeCliTest {

  @TempDir Path dir;

  /** What one in-process run printed. */
  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CascadeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sql", "server", "connect", "demo", "bench"})
  void everyCommandHasHelp(String command) {
    for (List<String> args : List.of(List.of(command, "--help"), List.of(command, "-h"), List.of("help", command))) {
      Run help = run(args.toArray(String[]::new));
      assertEquals(0, help.exitCode(), args + ": " + help);
      assertTrue(help.out().startsWith("Usage: cascade " + command), args + ": " + help);
      assertEquals("", help.err(), args + ": " + help);
    }
  }

  @Test
  void serverHelpNamesEveryFlagOfTheIssue() {
    String help = run("server", "--help").out();
    for (String flag : List.of("--data", "--host", "--port", "--users", "--keystore", "--keystore-password-file",
        "--serialization", "--insecure")) {
      assertTrue(help.contains(flag), flag + " missing:\n" + help);
    }
    assertTrue(help.contains("default: 127.0.0.1") && help.contains("default: 8765")
        && help.contains("default: protobuf"), help);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--nope                                          | cascade: Unknown option: '--nope'",
      "frobnicate                                      | cascade: Unmatched argument at index 0: 'frobnicate'",
      "sql --nope                                      | cascade sql: Unknown option: '--nope'",
      "sql a b                                         | cascade sql: Unmatched argument at index 2: 'b'",
      "sql --max-width x                               | cascade sql: Invalid value for option '--max-width': 'x' is not an int",
      "sql dir -f /no/such/file.sql                    | cascade sql: --file: no readable file /no/such/file.sql",
      "server --port abc                               | cascade server: Invalid value for option '--port': 'abc' is not an int",
      "server --port 70000                             | cascade server: --port must be 0..65535, got 70000",
      "server --serialization xml                      | cascade server: Invalid value for option '--serialization': expected protobuf or json, got 'xml'",
      "server --keystore /etc/hostname                 | cascade server: --keystore needs --keystore-password-file",
      "server --keystore-password-file /etc/hostname   | cascade server: --keystore-password-file needs --keystore",
      "server --users /no/such/users                   | cascade server: --users: no readable file /no/such/users",
      "server --auth md5                               | cascade server: Invalid value for option '--auth': expected one of [BASIC, DIGEST] (case-insensitive) but was 'md5'",
      "server --auth digest                            | cascade server: --auth needs --users",
      "server --port                                   | cascade server: Missing required parameter for option '--port' (PORT)",
      "connect ftp://host:1                            | cascade connect: URL must look like http://HOST:PORT or https://HOST:PORT, got 'ftp://host:1'",
      "connect http://h:1 --serialization xml          | cascade connect: --serialization: expected protobuf or json, got 'xml'",
      "connect -x                                      | cascade connect: Unknown option: '-x'",
      "demo --scale 0.001                              | cascade demo: --scale must be from 0.01 to 1.0 (below 0.01 the generator repeats PARTSUPP keys), got 0.001",
      "demo --scale lots                               | cascade demo: Invalid value for option '--scale': 'lots' is not a double",
      "bench                                           | cascade bench: Missing required parameter: 'NAME [JMH-ARGS]'",
  })
  void badUsageIsOneLineThenTheUsageWithExitCodeTwo(String args, String message) {
    Run bad = run(args.strip().split(" +"));
    assertEquals(2, bad.exitCode(), bad.toString());
    List<String> lines = bad.err().lines().toList();
    assertEquals(message.strip(), lines.get(0), bad.toString());
    String command = message.substring(0, message.indexOf(':'));
    assertTrue(lines.get(1).startsWith("Usage: " + command + " "), bad.toString());
    assertEquals("", bad.out(), bad.toString());
  }

  /** The server's own start checks (here: no authentication on a public address) are bad usage too. */
  @Test
  void serverRefusesAPublicAddressWithoutUsers() {
    Run bad = run("server", "--data", dir.resolve("store").toString(), "--host", "0.0.0.0", "--port", "0");
    assertEquals(2, bad.exitCode(), bad.toString());
    List<String> lines = bad.err().lines().toList();
    assertTrue(lines.get(0).startsWith("cascade server: refusing to listen on 0.0.0.0"), bad.toString());
    assertTrue(lines.get(0).contains("--insecure"), bad.toString());
    assertTrue(lines.get(1).startsWith("Usage: cascade server "), bad.toString());
  }

  @Test
  void demoRefusesWhenATpchTableExistsAndNamesReplace() throws Exception {
    Path store = dir.resolve("store");
    try (Connection c = DriverManager.getConnection("jdbc:cascade:" + store);
        Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE region (r_regionkey BIGINT PRIMARY KEY)");
    }
    Run demo = run("demo", store.toString());
    assertEquals(1, demo.exitCode(), demo.toString());
    assertEquals("cascade demo: the TPC-H tables already exist in " + store + " (REGION); use --replace to drop and"
        + " reload them, or another directory", demo.err().strip(), demo.toString());
  }

  @Test
  void connectBuildsTheClientDriversUrl() {
    ConnectCommand connect = new ConnectCommand();
    picocli.CommandLine commandLine = new picocli.CommandLine(connect);
    commandLine.parseArgs("https://db.example:9443", "--serialization", "JSON");
    assertEquals("jdbc:cascade:remote:url=https://db.example:9443;serialization=json", connect.jdbcUrl());
    commandLine.parseArgs();
    assertEquals("jdbc:cascade:remote:url=http://localhost:8765;serialization=protobuf", connect.jdbcUrl());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.parseArgs("http://h:1", "-u", "alice", "-p", "secret", "--auth", "digest");
    assertEquals("jdbc:cascade:remote:url=http://h:1;serialization=protobuf;authentication=DIGEST", connect.jdbcUrl());
    assertEquals("alice", connect.user);
    assertEquals("secret", connect.password);
  }

  @Test
  void serverFlagsMapOntoServerConfigOneToOne() throws Exception {
    Path users = Files.writeString(dir.resolve("users"), "alice: secret\n");
    Path keystore = Files.writeString(dir.resolve("ks.p12"), "not read here");
    Path password = Files.writeString(dir.resolve("ks.pw"), "pw\n");
    ServerCommand server = new ServerCommand();
    new picocli.CommandLine(server).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--data", "d",
        "--host", "0.0.0.0", "--port", "0", "--users", users.toString(), "--auth", "digest", "--keystore",
        keystore.toString(), "--keystore-password-file", password.toString(), "--serialization", "JSON", "--insecure",
        "--store-setting", "durability=buffered", "--store-setting", "shards=2");
    assertEquals(new ServerConfig(Path.of("d"), "0.0.0.0", 0, Optional.of(users), Optional.of(keystore),
        Optional.of(password), ServerConfig.Serialization.JSON, true, Map.of("durability", "buffered", "shards", "2"),
        ServerConfig.Authentication.DIGEST), server.config());
    ServerCommand defaults = new ServerCommand();
    new picocli.CommandLine(defaults).parseArgs();
    assertEquals(ServerConfig.defaults(Path.of("./cascade-data")), defaults.config());
  }

  @Test
  void sqlLineGetsTheEmbeddedUrlAndAScriptWhenAsked() throws Exception {
    Path script = Files.writeString(dir.resolve("s.sql"), "SELECT 1;\n");
    SqlLineRunner runner = new SqlLineRunner("jdbc:cascade:" + dir, "cascade", "", script, 200);
    assertEquals(List.of("-u", "jdbc:cascade:" + dir, "-n", "cascade", "-p", "", "--isolation=TRANSACTION_NONE",
        "--maxWidth=200", "-f", script.toString()), runner.arguments());
  }
}
