package dev.cascade.client;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaFactory;
import org.apache.calcite.avatica.DriverVersion;

/**
 * The Cascade client driver: Avatica's remote driver under its own prefix, {@code jdbc:cascade:remote:}, whose
 * connections answer {@link java.sql.DatabaseMetaData#getPrimaryKeys} and
 * {@link java.sql.DatabaseMetaData#getIndexInfo} from the server's system tables (Avatica's protocol carries
 * neither).
 *
 * <p>URL: {@code jdbc:cascade:remote:url=http://HOST:PORT[;serialization=protobuf|json][;user=U;password=P]}, plus
 * any of Avatica's remote connection properties ({@code authentication}, {@code truststore}, ...). The defaults that
 * differ from Avatica's are applied by {@link ClientProperties}: protobuf serialization, and {@code user} /
 * {@code password} used for HTTP authentication.
 *
 * <p>Thread-safe: the driver holds no per-connection state.
 */
public final class CascadeRemoteDriver extends org.apache.calcite.avatica.remote.Driver {
  /** The URL prefix this driver accepts. */
  public static final String PREFIX = "jdbc:cascade:remote:";

  static {
    new CascadeRemoteDriver().register();
  }

  public CascadeRemoteDriver() {}

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("Cascade JDBC client", "0.1.0", "Cascade", "0.1.0", false, 0, 1, 0, 1);
  }

  /**
   * Avatica's connect, with its unchecked failures (server unreachable, HTTP 401, a refusal by the server) turned
   * into the {@link SQLException} JDBC callers expect: the server's SQLSTATE where it sent one, 08001 otherwise.
   * The message leaves out the URL, which may hold a password.
   */
  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    try {
      return super.connect(url, info);
    } catch (AvaticaClientRuntimeException e) {
      throw new SQLNonTransientConnectionException("cannot open a connection on the Cascade server: "
          + e.getMessage(), e.getSqlState(), e.getErrorCode(), e);
    } catch (RuntimeException e) {
      throw new SQLNonTransientConnectionException("cannot open a connection on the Cascade server: "
          + rootMessage(e), "08001", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  /**
   * Avatica's JDBC 4.1 factory, wrapped so that connections get Cascade's defaults and metadata. Called once, from
   * Avatica's driver constructor.
   */
  @Override
  protected AvaticaFactory createFactory() {
    return new CascadeClientFactory(super.createFactory());
  }
}
