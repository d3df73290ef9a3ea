package dev.cascade.sql.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Durability;
import dev.cascade.sql.CascadeDriver;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {
  @TempDir
  Path dir;

  private ConnectionSettings parse(String suffix, Properties info) throws SQLException {
    return ConnectionSettings.parse(CascadeDriver.PREFIX, CascadeDriver.PREFIX + dir + suffix, info);
  }

  @Test
  void cascadeSettingsFromUrlAndProperties() throws SQLException {
    Properties info = new Properties();
    info.setProperty("CACHEBYTES", "2m");
    info.setProperty("durability", "sync");
    ConnectionSettings s = parse(";shards=3;Durability=BUFFERED;memtableBytes=65536", info);
    assertEquals(dir, s.directory());
    assertEquals(3, s.store().options().shardCount());
    assertEquals(Durability.BUFFERED, s.store().options().durability(), "the URL overrides Properties");
    assertEquals(2L << 20, s.store().options().cacheBytes());
    assertEquals(65536, s.store().options().memtableBytes());
  }

  @Test
  void safeCalcitePropertiesPassAndUserIsIgnored() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "sa");
    info.setProperty("password", "x");
    ConnectionSettings s = parse(";lex=MYSQL;caseSensitive=false;TIMEZONE=UTC", info);
    assertEquals("MYSQL", s.calcite().getProperty("lex"));
    assertEquals("false", s.calcite().getProperty("caseSensitive"));
    assertEquals("UTC", s.calcite().getProperty("timeZone"));
    assertEquals(3, s.calcite().size());
  }

  @Test
  void unsafePropertiesAreRefusedByName() {
    for (String p : new String[] {"model", "parserFactory", "schemaFactory", "schema", "typeSystem", "fun",
        "PARSERFACTORY", "schemaType", "metaTableFactory", "factory", "httpClientImpl"}) {
      SQLException e = assertThrows(SQLException.class, () -> parse(";" + p + "=x", null), p);
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("'" + p + "' cannot be set by a client"), e.getMessage());
    }
    Properties info = new Properties();
    info.setProperty("model", "inline:{}");
    SQLException e = assertThrows(SQLException.class, () -> parse("", info));
    assertTrue(e.getMessage().contains("'model' cannot be set by a client"), e.getMessage());
  }

  @Test
  void unknownPropertyIsRefusedByName() {
    SQLException e = assertThrows(SQLException.class, () -> parse(";shardz=2", null));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().startsWith("unknown connection property 'shardz'"), e.getMessage());
    assertTrue(e.getMessage().contains("shards"), e.getMessage());
  }

  @Test
  void badValuesAreRefused() {
    assertMessage(";durability=fast", "durability must be sync, buffered or none, not 'fast'");
    assertMessage(";shards=0", "Options.shardCount must be in [1, 256], not 0");
    assertMessage(";shards=many", "shards must be a whole number");
    assertMessage(";cacheBytes=12q", "cacheBytes must be a whole number");
    assertMessage(";createIfMissing=yes", "createIfMissing must be true or false, not 'yes'");
  }

  @Test
  void malformedSettingsAreRefused() {
    assertMessage(";lex='MYSQL", "malformed settings in the URL");
  }

  @Test
  void noDirectoryIsRefused() {
    SQLException e = assertThrows(SQLException.class,
        () -> ConnectionSettings.parse(CascadeDriver.PREFIX, CascadeDriver.PREFIX + ";shards=2", null));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().startsWith("the URL names no store directory"), e.getMessage());
  }

  private void assertMessage(String suffix, String expected) {
    SQLException e = assertThrows(SQLException.class, () -> parse(suffix, null), suffix);
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
