package dev.cascade.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.server.ServerConfig.Serialization;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests the remote driver never sends: each gets an Avatica error response (or the protocol's "missing"
 * answer) and the server keeps serving. The concurrent load test is {@link ServerLoadTest}.
 */
class ServerRobustnessTest {
  @TempDir
  static Path dir;
  private static CascadeServer protobuf;
  private static CascadeServer json;

  @BeforeAll
  static void start() {
    protobuf = TestServers.start(dir, Serialization.PROTOBUF);
    json = CascadeServer.start(TestServers.config(dir, Serialization.JSON));
  }

  @AfterAll
  static void stop() {
    json.close();
    protobuf.close();
  }

  private static CascadeServer server(Serialization s) {
    return s == Serialization.PROTOBUF ? protobuf : json;
  }

  /** A query through the remote driver still works. */
  private static void stillServes(Serialization s) throws Exception {
    try (Connection c = TestServers.connect(server(s), s);
        ResultSet rs = c.createStatement().executeQuery("VALUES 1 + 1")) {
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
    }
  }

  private static Service.ErrorResponse error(RawAvatica.Reply reply) {
    assertEquals(500, reply.status(), reply.toString());
    return assertInstanceOf(Service.ErrorResponse.class, reply.response());
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void garbageBodiesGetErrorResponses(Serialization s) throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("garbageBodiesGetErrorResponses seed=" + seed + " (-Dseed= to repeat)");
    Random random = new Random(seed);
    try (RawAvatica raw = new RawAvatica(server(s).url(), s)) {
      for (int i = 0; i < 20; i++) {
        byte[] garbage = new byte[1 + random.nextInt(i < 10 ? 64 : 100_000)];
        random.nextBytes(garbage);
        if (i % 4 == 0) {
          garbage = ("{\"request\":\"" + (i % 8 == 0 ? "prepareAndExecute" : "noSuchRequest") + "\",\"x\":[")
              .getBytes(StandardCharsets.UTF_8);
        }
        error(raw.sendBytes(HttpRequest.BodyPublishers.ofByteArray(garbage)));
      }
      error(raw.sendBytes(HttpRequest.BodyPublishers.noBody()));
    }
    stillServes(s);
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void oversizedBodiesAreRefusedBeforeDecoding(Serialization s) throws Exception {
    byte[] big = new byte[ServerLimits.REQUEST_BODY_BYTES_MAX + 1];
    try (RawAvatica raw = new RawAvatica(server(s).url(), s)) {
      Service.ErrorResponse declared = error(raw.sendBytes(HttpRequest.BodyPublishers.ofByteArray(big)));
      assertEquals(CascadeHttpHandler.TOO_LARGE_STATE, declared.sqlState);
      assertTrue(declared.errorMessage.contains("larger than the server's limit of "
          + ServerLimits.REQUEST_BODY_BYTES_MAX + " bytes"), declared.errorMessage);
      // Chunked: no Content-Length, so the limit is found while reading.
      Service.ErrorResponse chunked = error(raw.sendBytes(HttpRequest.BodyPublishers.ofInputStream(
          () -> new ByteArrayInputStream(big))));
      assertEquals(CascadeHttpHandler.TOO_LARGE_STATE, chunked.sqlState);
    }
    stillServes(s);
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void unknownConnectionAndStatementIds(Serialization s) throws Exception {
    try (RawAvatica raw = new RawAvatica(server(s).url(), s)) {
      Service.ErrorResponse noConnection = error(raw.send(new Service.CreateStatementRequest("no-such-conn")));
      assertTrue(noConnection.errorMessage.contains("no connection 'no-such-conn'"), noConnection.errorMessage);
      assertEquals(Service.ErrorResponse.MISSING_CONNECTION_ERROR_CODE, noConnection.errorCode);
      assertEquals(SqlStateService.MISSING_CONNECTION_STATE, noConnection.sqlState);
      // JdbcMeta looks the statement up first: a "missing statement" answer.
      assertTrue(assertInstanceOf(Service.ExecuteResponse.class, raw.send(
          new Service.PrepareAndExecuteRequest("no-such-conn", 1, "VALUES 1", -1, 100)).response()).missingStatement);

      String id = "raw-" + s;
      raw.send(new Service.OpenConnectionRequest(id, Map.of()));
      // Avatica answers an unknown statement with a "missing statement" response; its client re-prepares.
      Service.FetchResponse fetch = assertInstanceOf(Service.FetchResponse.class,
          raw.send(new Service.FetchRequest(id, 987_654, 0, 100)).response());
      assertTrue(fetch.missingStatement);
      Service.ExecuteResponse exec = assertInstanceOf(Service.ExecuteResponse.class,
          raw.send(new Service.PrepareAndExecuteRequest(id, 987_654, "VALUES 1", -1, 100)).response());
      assertTrue(exec.missingStatement);
      raw.send(new Service.CloseStatementRequest(id, 987_654));
      raw.send(new Service.CloseConnectionRequest(id));
    }
    stillServes(s);
  }

  @ParameterizedTest
  @EnumSource(Serialization.class)
  void abruptDisconnectsLeaveTheServerServing(Serialization s) throws Exception {
    URI uri = URI.create(server(s).url());
    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        OutputStream out = socket.getOutputStream();
        String head = "POST / HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Length: 100000\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(new byte[i * 1000]);
        out.flush();
        // Closed with most of the declared body unsent.
      }
    }
    try (Connection c = TestServers.connect(server(s), s); Statement st = c.createStatement()) {
      // A request whose client has gone before the answer: a long-running result nobody reads.
      st.execute("CREATE TABLE IF NOT EXISTS gone (id INT PRIMARY KEY)");
    }
    stillServes(s);
  }
}
