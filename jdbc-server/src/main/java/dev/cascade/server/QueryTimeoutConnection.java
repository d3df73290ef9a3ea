package dev.cascade.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A server-side connection whose every statement gets the server's query timeout
 * ({@link ServerLimits#QUERY_TIMEOUT_SECONDS}); Avatica's protocol carries no timeout from the client, so a runaway
 * query of one client cannot hold a request thread forever. Everything else goes to the embedded connection.
 *
 * <p>Thread-safe as the wrapped connection is.
 */
final class QueryTimeoutConnection implements InvocationHandler {
  private final Connection delegate;
  private final int timeoutSeconds;

  private QueryTimeoutConnection(Connection delegate, int timeoutSeconds) {
    this.delegate = delegate;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** {@code delegate} with {@code timeoutSeconds} set on each statement it creates. */
  static Connection wrap(Connection delegate, int timeoutSeconds) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        new QueryTimeoutConnection(delegate, timeoutSeconds));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "QueryTimeoutConnection[" + delegate + "]";
      };
    }
    Object result;
    try {
      result = method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (result instanceof Statement s) {
      s.setQueryTimeout(timeoutSeconds);
    }
    return result;
  }
}
