package dev.cascade.sql.exec;

import org.apache.calcite.DataContext;

/**
 * A statement's data context with the {@code ?n} parameters a pushed filter reads taken once, when its scan starts,
 * rather than looked up in the statement's map for every row the shards test. Calcite's compiled predicate asks
 * for a parameter by its name as a string constant, so the names here are interned and found by identity; any
 * other name goes to the statement's context, which gives the same answers.
 *
 * <p>Immutable and thread-safe (shard threads test rows with it at once).
 */
final class FrozenParameters extends DelegatingContext {
  private final String[] names;
  private final Object[] values;

  private FrozenParameters(DataContext statement, int[] params) {
    super(statement);
    this.names = new String[params.length];
    this.values = new Object[params.length];
    for (int i = 0; i < params.length; i++) {
      names[i] = ("?" + params[i]).intern();
      values[i] = statement.get(names[i]);
    }
  }

  /** {@code statement} with the values of {@code params} (parameter indexes) read now. */
  static DataContext of(DataContext statement, int[] params) {
    return params.length == 0 ? statement : new FrozenParameters(statement, params);
  }

  @Override
  public Object get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name) {
        return values[i];
      }
    }
    return statement.get(name);
  }
}
