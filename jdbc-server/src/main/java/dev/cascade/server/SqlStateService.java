package dev.cascade.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Service;
import org.apache.calcite.avatica.remote.Service.ErrorResponse;

/**
 * Wraps a {@link Service} so that a failure caused by an {@link SQLException} reaches the client with that
 * exception's SQLSTATE, vendor code and message. Avatica's handler fills an error response's SQLSTATE only from
 * an {@link AvaticaRuntimeException}; {@code JdbcMeta} throws plain RuntimeExceptions around the driver's
 * SQLExceptions, which would arrive as state 00000 with the whole cause chain as the message.
 *
 * <p>Thread-safe if the wrapped service is.
 */
final class SqlStateService implements InvocationHandler {
  private static final int CAUSE_DEPTH_MAX = 32;
  /** SQLSTATE of a request on a connection the server does not have: connection does not exist. */
  static final String MISSING_CONNECTION_STATE = "08003";
  private final Service delegate;

  private SqlStateService(Service delegate) {
    this.delegate = delegate;
  }

  /** {@code delegate} with SQL errors carried to the client. */
  static Service wrap(Service delegate) {
    return (Service) Proxy.newProxyInstance(Service.class.getClassLoader(), new Class<?>[] {Service.class},
        new SqlStateService(delegate));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(this, args);
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof NoSuchConnectionException) {
        throw missingConnection(args == null || args.length == 0 ? null : args[0]);
      }
      throw translate(e.getCause());
    }
  }

  /**
   * Avatica's NoSuchConnectionException carries no message; this says which id, and keeps the error code the
   * remote driver recognises (it reconnects when {@code transparent_reconnection} is on).
   */
  static AvaticaRuntimeException missingConnection(Object request) {
    String id = connectionId(request);
    return new AvaticaRuntimeException("no connection " + (id == null ? "" : "'" + id + "' ") + "on this server: it "
        + "was closed, expired after " + ServerLimits.CONNECTION_IDLE_EXPIRY_MINUTES + " idle minutes, or never "
        + "opened", ErrorResponse.MISSING_CONNECTION_ERROR_CODE, MISSING_CONNECTION_STATE, AvaticaSeverity.ERROR);
  }

  private static String connectionId(Object request) {
    if (request == null) {
      return null;
    }
    try {
      return String.valueOf(request.getClass().getField("connectionId").get(request));
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  /** The exception to give Avatica's handler for {@code t}. */
  static Throwable translate(Throwable t) {
    if (t instanceof AvaticaRuntimeException || t instanceof NoSuchConnectionException) {
      return t;
    }
    SQLException sql = firstSqlException(t);
    if (sql == null) {
      return t;
    }
    String state = sql.getSQLState() == null ? "HY000" : sql.getSQLState();
    String message = sql.getMessage() == null ? sql.getClass().getSimpleName() : sql.getMessage();
    AvaticaRuntimeException mapped =
        new AvaticaRuntimeException(message, sql.getErrorCode(), state, AvaticaSeverity.ERROR);
    mapped.initCause(t);
    return mapped;
  }

  private static SQLException firstSqlException(Throwable t) {
    Throwable c = t;
    for (int i = 0; c != null && i < CAUSE_DEPTH_MAX; i++, c = c.getCause()) {
      if (c instanceof SQLException s) {
        return s;
      }
    }
    return null;
  }
}
