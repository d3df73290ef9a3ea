package dev.cascade.sql.jdbc;

import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.calcite.jdbc.CalciteConnection;

/**
 * Wraps the JDBC objects of a Calcite connection (connection, statements, metadata; result sets through
 * {@link TranslatingResultSet}) so that every
 * {@link SQLException} and unchecked exception a caller sees has gone through {@link SqlErrors#translate}, and
 * so that the transaction methods follow Cascade's rules ({@link TransactionRules}). Calcite and Avatica build
 * their exceptions through a fixed helper with no hook, hence the wrapping. {@code unwrap} reaches the wrapped
 * objects ({@code unwrap(CalciteConnection.class)} works, and the connection proxy also implements
 * {@link CalciteConnection}).
 *
 * <p>Effectively immutable (the connection is set once, before the proxy is published); thread-safe as far as the
 * wrapped object is.
 */
public final class TranslatingProxy implements InvocationHandler {
  private final Object target;
  /** The connection proxy this object belongs to (itself for the connection; set once before publication). */
  private Object connection;

  /** The routes of the target's class, shared by every proxy of a target of that class. */
  private final java.util.Map<Method, Route> routes;

  private TranslatingProxy(Object target, Object connection) {
    this.target = target;
    this.connection = connection;
    this.routes = ROUTES.get(target.getClass());
  }

  /** Wraps a Calcite connection. */
  public static CalciteConnection wrap(CalciteConnection c) {
    TranslatingProxy h = new TranslatingProxy(c, null);
    CalciteConnection p = (CalciteConnection) Proxy.newProxyInstance(TranslatingProxy.class.getClassLoader(),
        new Class<?>[] {CalciteConnection.class}, h);
    h.connection = p;
    return p;
  }

  /** What {@link #invoke} does with a method besides calling it, by what the method is; decided once per method. */
  private enum Route {
    /** {@code equals}, {@code hashCode}, {@code toString} of the proxy itself. */
    OBJECT,
    /** {@code unwrap} and {@code isWrapperFor}: the proxy answers for its own interfaces. */
    WRAPPER,
    /** {@code getConnection()} of a statement or metadata object: the connection proxy. */
    GET_CONNECTION,
    /** {@code execute}, {@code executeUpdate}, {@code executeLargeUpdate} with no arguments: a prepared DDL. */
    EXECUTE_PREPARED,
    /** A method of a connection, which {@link TransactionRules} sees first. */
    CONNECTION,
    /** Everything else: called, its failure translated, its JDBC object wrapped. */
    CALL
  }

  private static final ClassValue<java.util.Map<Method, Route>> ROUTES = new ClassValue<>() {
    @Override
    protected java.util.Map<Method, Route> computeValue(Class<?> type) {
      return new java.util.concurrent.ConcurrentHashMap<>();
    }
  };

  private Route route(Method method) {
    Route r = routes.get(method);
    return r != null ? r : routes.computeIfAbsent(method, this::decide);
  }

  private Route decide(Method method) {
    String name = method.getName();
    int arity = method.getParameterCount();
    if (method.getDeclaringClass() == Object.class) {
      return Route.OBJECT;
    }
    if ((name.equals("unwrap") || name.equals("isWrapperFor")) && arity == 1) {
      return Route.WRAPPER;
    }
    if (name.equals("getConnection") && arity == 0 && !(target instanceof Connection)) {
      return Route.GET_CONNECTION;
    }
    if (target instanceof Connection) {
      return Route.CONNECTION;
    }
    if (target instanceof PreparedStatement && arity == 0
        && (name.equals("execute") || name.equals("executeUpdate") || name.equals("executeLargeUpdate"))) {
      return Route.EXECUTE_PREPARED;
    }
    return Route.CALL;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (route(method)) {
      case OBJECT -> {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "Cascade " + target;
        };
      }
      case WRAPPER -> {
        if (((Class<?>) args[0]).isInstance(proxy)) {
          return method.getName().equals("unwrap") ? proxy : (Object) true;
        }
        return call(proxy, method, args);
      }
      case GET_CONNECTION -> {
        return connection;
      }
      case CONNECTION -> {
        Object r = TransactionRules.connectionCall((Connection) target, method, args);
        return r != TransactionRules.PASS ? r : call(proxy, method, args);
      }
      case EXECUTE_PREPARED -> {
        if (isPreparedDdl((PreparedStatement) target)) {
          // Calcite ran the DDL when it was prepared and left nothing to execute.
          String name = method.getName();
          return name.equals("execute") ? (Object) false : name.equals("executeUpdate") ? (Object) 0 : (Object) 0L;
        }
        return call(proxy, method, args);
      }
      default -> {
        return call(proxy, method, args);
      }
    }
  }

  /** Calls {@code method} on the target: failures translated, a JDBC object it returns wrapped. */
  private Object call(Object proxy, Method method, Object[] args) throws Throwable {
    Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SQLException || cause instanceof RuntimeException
          || cause instanceof ExceptionInInitializerError) { // generated code's static constants can fail
        SQLException translated = SqlErrors.translate(cause);
        throw isBatch(method.getName()) ? SqlErrors.batchFailure(translated) : translated;
      }
      throw cause;
    }
    Class<?> type = method.getReturnType();
    return type.isPrimitive() || method.getName().equals("unwrap") ? result : wrapResult(proxy, type, result);
  }

  private static boolean isBatch(String method) {
    return method.equals("executeBatch") || method.equals("executeLargeBatch");
  }

  /** {@code AvaticaStatement.getSignature()}, which is protected. */
  private static final Method GET_SIGNATURE;

  static {
    try {
      GET_SIGNATURE = AvaticaStatement.class.getDeclaredMethod("getSignature");
      GET_SIGNATURE.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static boolean isPreparedDdl(PreparedStatement ps) throws SQLException {
    if (!ps.isWrapperFor(AvaticaStatement.class)) {
      return false;
    }
    try {
      Meta.Signature s = (Meta.Signature) GET_SIGNATURE.invoke(ps.unwrap(AvaticaStatement.class));
      return s != null && s.statementType == Meta.StatementType.OTHER_DDL;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private Object wrapResult(Object proxy, Class<?> type, Object result) {
    if (result == null || Proxy.isProxyClass(result.getClass()) || result instanceof TranslatingResultSet) {
      return result;
    }
    if (type == CallableStatement.class || type == PreparedStatement.class || type == Statement.class
        || type == DatabaseMetaData.class) {
      return make(type, result);
    }
    if (type == ResultSet.class) {
      return new TranslatingResultSet((ResultSet) result, target instanceof Statement ? (Statement) proxy : null);
    }
    return result;
  }

  private Object make(Class<?> type, Object result) {
    return Proxy.newProxyInstance(TranslatingProxy.class.getClassLoader(), new Class<?>[] {type},
        new TranslatingProxy(result, connection));
  }
}
