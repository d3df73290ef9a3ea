package dev.cascade.server;

import dev.cascade.server.ServerConfig.Serialization;
import java.nio.charset.StandardCharsets;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.JsonHandler;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.Service.RpcMetadataResponse;

/**
 * One wire format's request decoding, service call and response encoding, bytes in and bytes out: Avatica's
 * {@link ProtobufHandler} or {@link JsonHandler}. Errors (including undecodable requests) come back as encoded
 * Avatica error responses with HTTP status 500, which is what Avatica's remote driver reads as a server error.
 *
 * <p>Thread-safe (Avatica's handlers are).
 */
abstract sealed class AvaticaEndpoint {
  /** The endpoint for {@code serialization} over {@code service}. */
  static AvaticaEndpoint of(Serialization serialization, Service service) {
    return switch (serialization) {
      case PROTOBUF -> new Protobuf(service);
      case JSON -> new Json(service);
    };
  }

  /** Runs one request. */
  abstract HandlerResponse<byte[]> apply(byte[] request);

  /** An encoded error response for {@code e}. */
  abstract HandlerResponse<byte[]> error(Exception e);

  /** The HTTP content type of responses. */
  abstract String contentType();

  /** Where this server listens, as error responses report it. */
  abstract void setRpcMetadata(RpcMetadataResponse metadata);

  /** Protocol buffers. */
  private static final class Protobuf extends AvaticaEndpoint {
    private final ProtobufHandler handler;

    Protobuf(Service service) {
      handler = new ProtobufHandler(service, new ProtobufTranslationImpl(), NoopMetricsSystem.getInstance());
    }

    @Override
    HandlerResponse<byte[]> apply(byte[] request) {
      return handler.apply(request);
    }

    @Override
    HandlerResponse<byte[]> error(Exception e) {
      return handler.convertToErrorResponse(e);
    }

    @Override
    String contentType() {
      return "application/octet-stream;charset=utf-8";
    }

    @Override
    void setRpcMetadata(RpcMetadataResponse metadata) {
      handler.setRpcMetadata(metadata);
    }
  }

  /** JSON. */
  private static final class Json extends AvaticaEndpoint {
    private final JsonHandler handler;

    Json(Service service) {
      handler = new JsonHandler(service, NoopMetricsSystem.getInstance());
    }

    @Override
    HandlerResponse<byte[]> apply(byte[] request) {
      return bytes(handler.apply(new String(request, StandardCharsets.UTF_8)));
    }

    @Override
    HandlerResponse<byte[]> error(Exception e) {
      return bytes(handler.convertToErrorResponse(e));
    }

    private static HandlerResponse<byte[]> bytes(HandlerResponse<String> r) {
      return new HandlerResponse<>(r.getResponse().getBytes(StandardCharsets.UTF_8), r.getStatusCode());
    }

    @Override
    String contentType() {
      return "application/json;charset=utf-8";
    }

    @Override
    void setRpcMetadata(RpcMetadataResponse metadata) {
      handler.setRpcMetadata(metadata);
    }
  }
}
