package dev.cascade.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Handler.HandlerResponse;
import org.apache.calcite.avatica.remote.Service.RpcMetadataResponse;
import org.apache.calcite.avatica.server.AvaticaHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty handler of the server (in place of Avatica's own, which reads a request body of any size into
 * memory): reads at most {@link ServerLimits#REQUEST_BODY_BYTES_MAX} bytes of a POST body, refuses a larger one
 * with an Avatica error response before decoding it, and otherwise hands the body to the {@link AvaticaEndpoint}.
 * Every failure a client can cause ends in an error response (or, when the client has gone, in nothing); none
 * escapes to Jetty.
 *
 * <p>Thread-safe: Jetty calls it from many request threads; it keeps no per-request state.
 */
final class CascadeHttpHandler extends AbstractHandler implements AvaticaHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CascadeHttpHandler.class);
  private static final int READ_CHUNK_BYTES = 8192;
  /** SQLSTATE for a request the server will not read: program limit exceeded. */
  static final String TOO_LARGE_STATE = "54000";

  private final AvaticaEndpoint endpoint;

  CascadeHttpHandler(AvaticaEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @Override
  public void setServerRpcMetadata(RpcMetadataResponse metadata) {
    endpoint.setRpcMetadata(metadata);
  }

  @Override
  public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    baseRequest.setHandled(true);
    HandlerResponse<byte[]> result;
    if (!"POST".equals(request.getMethod())) {
      result = endpoint.error(refusal("the Cascade server takes Avatica requests by HTTP POST, not "
          + request.getMethod(), "42000"));
    } else {
      byte[] body;
      try {
        body = readBody(request);
      } catch (IOException e) {
        LOG.debug("client went away while sending a request: {}", e.toString());
        return;
      }
      result = body == null ? tooLarge(request) : run(body);
      if (body == null) {
        response.setHeader("Connection", "close");
      }
    }
    write(response, result);
  }

  private HandlerResponse<byte[]> run(byte[] body) {
    try {
      return endpoint.apply(body);
    } catch (RuntimeException e) {
      // Avatica's handlers catch what the service throws; this is for a failure in decoding or encoding itself.
      LOG.warn("request failed outside the service", e);
      return endpoint.error(e);
    }
  }

  private HandlerResponse<byte[]> tooLarge(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    return endpoint.error(refusal("request body of " + (declared >= 0 ? declared + " bytes" : "unknown length")
        + " is larger than the server's limit of " + ServerLimits.REQUEST_BODY_BYTES_MAX + " bytes (send smaller "
        + "batches or statements)", TOO_LARGE_STATE));
  }

  private static AvaticaRuntimeException refusal(String message, String state) {
    return new AvaticaRuntimeException(message, 0, state, AvaticaSeverity.ERROR);
  }

  /** The body, or null when it is over the limit (declared or read). */
  private static byte[] readBody(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > ServerLimits.REQUEST_BODY_BYTES_MAX) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : READ_CHUNK_BYTES);
    byte[] chunk = new byte[READ_CHUNK_BYTES];
    try (InputStream in = request.getInputStream()) {
      for (int n; (n = in.read(chunk)) >= 0; ) {
        if (out.size() + n > ServerLimits.REQUEST_BODY_BYTES_MAX) {
          return null;
        }
        out.write(chunk, 0, n);
      }
    }
    return out.toByteArray();
  }

  private void write(HttpServletResponse response, HandlerResponse<byte[]> result) {
    try {
      response.setStatus(result.getStatusCode());
      response.setContentType(endpoint.contentType());
      response.setContentLength(result.getResponse().length);
      OutputStream out = response.getOutputStream();
      out.write(result.getResponse());
      out.flush();
    } catch (IOException e) {
      LOG.debug("client went away before its response was written: {}", e.toString());
    }
  }
}
