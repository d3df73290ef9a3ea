package dev.cascade.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * target/cascade-jdbc-client.jar on its own: loaded in a class loader whose parent is the platform loader (so nothing
 * of this module's class path is visible), it finds its drivers through {@link ServiceLoader} and talks to a server.
 * Runs in the integration-test phase, after the jar is built ({@code mvn verify}).
 */
class ClientJarIT {
  private static final String JAR_PROPERTY = "cascade.clientJar";
  private static final int JAVA_17_CLASS_MAJOR = 61;
  @TempDir static Path dir;
  static TestServer protobuf;
  static TestServer json;
  static URLClassLoader loader;

  @BeforeAll
  static void start() throws Exception {
    // Set by the client-jar execution only: under -Dtest=ClientJarIT the test phase runs this class too, before
    // the jar exists.
    assumeTrue(System.getProperty(JAR_PROPERTY) != null, "runs in the integration-test phase (mvn verify)");
    Path jar = Path.of(System.getProperty(JAR_PROPERTY));
    assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    protobuf = TestServer.start(dir.resolve("p"), "protobuf");
    json = TestServer.start(dir.resolve("j"), "json");
  }

  @AfterAll
  static void stop() throws IOException {
    if (loader != null) {
      protobuf.close();
      json.close();
      loader.close();
    }
  }

  @Test
  void jarHoldsTheClientAvaticaAndRelocatedLibrariesOnly() throws IOException {
    Set<String> tops = new TreeSet<>();
    try (JarFile jar = new JarFile(System.getProperty(JAR_PROPERTY))) {
      jar.stream().filter(e -> e.getName().endsWith(".class")).forEach(e -> tops.add(top(e.getName())));
    }
    assertEquals(Set.of("dev/cascade/client", "org/apache/calcite/avatica", "org/slf4j"), tops);
  }

  @Test
  void clientClassesRunOnJava17() throws IOException {
    int checked = 0;
    try (JarFile jar = new JarFile(System.getProperty(JAR_PROPERTY))) {
      for (var e : java.util.Collections.list(jar.entries())) {
        if (e.getName().startsWith("dev/cascade/client/") && !e.getName().startsWith("dev/cascade/client/shaded/")
            && e.getName().endsWith(".class")) {
          byte[] head = jar.getInputStream(e).readNBytes(8);
          int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
          assertTrue(major <= JAVA_17_CLASS_MAJOR, e.getName() + " has class file version " + major);
          checked++;
        }
      }
    }
    assertTrue(checked >= 5, "client classes found: " + checked);
  }

  @Test
  void serviceLoaderFindsCascadeAndAvaticaDriversOnly() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(Driver.class, loader).forEach(d -> {
      if (d.getClass().getClassLoader() == loader) {
        names.add(d.getClass().getName());
      }
    });
    assertEquals(List.of("dev.cascade.client.CascadeRemoteDriver", "org.apache.calcite.avatica.remote.Driver"),
        names.stream().sorted().toList());
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("dev.cascade.sql.CascadeDriver"));
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.apache.calcite.jdbc.Driver"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"protobuf", "json"})
  void connectsQueriesAndSeesKeys(String serialization) throws Exception {
    TestServer server = serialization.equals("json") ? json : protobuf;
    Driver driver = cascadeDriver();
    try (Connection c = driver.connect(server.clientUrl(serialization), new Properties())) {
      assertSame(loader, c.getClass().getClassLoader());
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS kv (k INT PRIMARY KEY, v VARCHAR)");
        s.execute("UPSERT INTO kv VALUES (1, 'one'), (2, 'two')");
        try (ResultSet rs = s.executeQuery("SELECT v FROM kv WHERE k = 2")) {
          assertTrue(rs.next());
          assertEquals("two", rs.getString(1));
          assertFalse(rs.next());
        }
      }
      try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, null, "KV")) {
        assertTrue(rs.next());
        assertEquals("K", rs.getString("COLUMN_NAME"));
        assertEquals(1, rs.getShort("KEY_SEQ"));
        assertFalse(rs.next());
      }
    }
  }

  private static Driver cascadeDriver() throws SQLException {
    for (Driver d : ServiceLoader.load(Driver.class, loader)) {
      if (d.getClass().getName().equals("dev.cascade.client.CascadeRemoteDriver") && d.acceptsURL(
          "jdbc:cascade:remote:url=http://localhost:1")) {
        return d;
      }
    }
    throw new AssertionError("CascadeRemoteDriver not found in the jar");
  }

  /** The package group of a class entry: dev/cascade/client, org/apache/calcite/avatica, org/slf4j, ... */
  private static String top(String entry) {
    for (String prefix : List.of("dev/cascade/client/", "org/apache/calcite/avatica/", "org/slf4j/")) {
      if (entry.startsWith(prefix)) {
        return prefix.substring(0, prefix.length() - 1);
      }
    }
    return entry;
  }
}
