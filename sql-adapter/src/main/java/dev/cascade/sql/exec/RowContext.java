package dev.cascade.sql.exec;

import org.apache.calcite.DataContext;

/**
 * The context a compiled {@link RowPredicate} runs in: the row under test as {@code inputRecord} (where Calcite's
 * expression compiler reads its input fields), everything else (parameters, the current time) from the statement's
 * context.
 *
 * <p>Immutable; one per evaluation.
 */
final class RowContext extends DelegatingContext {
  private static final String INPUT_RECORD = "inputRecord";
  private final Object[] row;

  RowContext(Object[] row, DataContext statement) {
    super(statement);
    this.row = row;
  }

  @Override
  public Object get(String name) {
    return INPUT_RECORD.equals(name) ? row : statement.get(name);
  }
}
