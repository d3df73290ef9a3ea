package dev.cascade.sql;

import dev.cascade.engine.Options;
import dev.cascade.sql.dml.CascadePrepare;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The embedded driver: {@code jdbc:cascade:<dir>[;key=value...]}. One engine per directory per process, shared by
 * its connections ({@link StoreRegistry}); tables live in schema {@code PUBLIC}.
 *
 * <p>Thread-safe.
 */
public class CascadeDriver extends org.apache.calcite.jdbc.Driver {
  public static final String PREFIX = "jdbc:cascade:";
  public static final String SCHEMA = "PUBLIC";

  static {
    new CascadeDriver().register();
  }

  public CascadeDriver() {
    super(CascadePrepare::new);
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Cascade JDBC Driver", "0.1.0", "Cascade", "0.1.0", true, 0, 1, 0, 1);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String rest = url.substring(PREFIX.length());
    int semi = rest.indexOf(';');
    String dir = semi < 0 ? rest : rest.substring(0, semi);
    if (dir.isEmpty()) {
      throw new SQLException("jdbc:cascade: URL names no directory: " + url, "08001");
    }
    SqlStore store = StoreRegistry.acquire(Path.of(dir), Options.builder().build());
    Properties p = new Properties();
    p.setProperty("parserFactory", "dev.cascade.sql.ddl.CascadeDdlExecutor#PARSER_FACTORY");
    Connection c = super.connect(PREFIX, p);
    CalciteConnection cc = c.unwrap(CalciteConnection.class);
    SchemaPlus s = cc.getRootSchema().add(SCHEMA, new CascadeSchema(store));
    s.setCacheEnabled(false);
    cc.setSchema(SCHEMA);
    return c;
  }
}
