package dev.cascade.client;

import java.nio.file.Path;
import java.sql.SQLException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.Driver;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;

/**
 * An Avatica server over an embedded store on a free loopback port, for the client tests. Owned by one test.
 */
final class TestServer implements AutoCloseable {
  private final HttpServer http;

  private TestServer(HttpServer http) {
    this.http = http;
  }

  static TestServer start(Path dir, String serialization) throws SQLException {
    JdbcMeta meta = new JdbcMeta("jdbc:cascade:" + dir);
    HttpServer http = new HttpServer.Builder<>().withPort(0)
        .withHandler(new LocalService(meta), Driver.Serialization.valueOf(serialization.toUpperCase()))
        .build();
    http.start();
    return new TestServer(http);
  }

  /** {@code jdbc:cascade:remote:url=http://127.0.0.1:PORT;serialization=S}. */
  String clientUrl(String serialization) {
    return "jdbc:cascade:remote:url=http://127.0.0.1:" + http.getPort() + ";serialization=" + serialization;
  }

  String httpUrl() {
    return "http://127.0.0.1:" + http.getPort();
  }

  @Override
  public void close() {
    http.stop();
  }
}
