package dev.cascade.server;

import dev.cascade.server.ServerConfig.Serialization;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.remote.JsonService;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;

/**
 * Avatica requests by hand over HTTP, for what the remote driver never sends (garbage, unknown ids).
 *
 * <p>Thread-safe (java.net.http's client is); close it after use.
 */
final class RawAvatica implements AutoCloseable {
  private static final ProtobufTranslationImpl PROTOBUF = new ProtobufTranslationImpl();
  private final HttpClient http = HttpClient.newHttpClient();
  private final URI uri;
  private final Serialization serialization;

  /** A status and the decoded response. */
  record Reply(int status, Service.Response response) {
  }

  RawAvatica(String url, Serialization serialization) {
    this.uri = URI.create(url);
    this.serialization = serialization;
  }

  /** Sends {@code request} encoded as the server expects. */
  Reply send(Service.Request request) throws IOException, InterruptedException {
    byte[] body = serialization == Serialization.PROTOBUF ? PROTOBUF.serializeRequest(request)
        : JsonService.MAPPER.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
    return sendBytes(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /** Sends raw bytes and decodes the answer. */
  Reply sendBytes(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).POST(body).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    Service.Response decoded = serialization == Serialization.PROTOBUF ? PROTOBUF.parseResponse(r.body())
        : JsonService.MAPPER.readValue(new String(r.body(), StandardCharsets.UTF_8), Service.Response.class);
    return new Reply(r.statusCode(), decoded);
  }

  @Override
  public void close() {
    http.close();
  }
}
