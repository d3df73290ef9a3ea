package dev.cascade.sql.metamorphic;

import java.lang.reflect.InvocationTargetException;

/**
 * Reaches {@code dev.cascade.sql.plan.Pushdown.disable()} (the planner's thread-local switch). Reflective only until
 * the planner branch that defines it is merged; then this becomes a direct call.
 *
 * <p>Stateless.
 */
final class PushdownSwitch {
  private PushdownSwitch() {
  }

  static AutoCloseable disable() {
    try {
      Object handle = Class.forName("dev.cascade.sql.plan.Pushdown").getMethod("disable").invoke(null);
      return (AutoCloseable) handle;
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException("dev.cascade.sql.plan.Pushdown.disable() is missing: " + e, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Pushdown.disable() failed: " + e.getCause(), e.getCause());
    }
  }
}
