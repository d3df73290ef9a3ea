package dev.cascade.sql.metamorphic;

import java.util.List;

/**
 * A random boolean SQL expression and the values for its {@code ?} parameters, in order.
 *
 * <p>Immutable (the parameter values are immutable value objects).
 */
record Predicate(String sql, List<Object> params) {
  Predicate {
    params = List.copyOf(params);
  }

  @Override
  public String toString() {
    return params.isEmpty() ? sql : sql + "  with ? = " + params;
  }
}
