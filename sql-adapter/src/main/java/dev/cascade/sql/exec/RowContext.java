package dev.cascade.sql.exec;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The context a compiled {@link RowPredicate} runs in: the row under test as {@code inputRecord} (where Calcite's
 * expression compiler reads its input fields), everything else (parameters, the current time) from the statement's
 * context.
 *
 * <p>Immutable; one per evaluation.
 */
final class RowContext implements DataContext {
  private static final String INPUT_RECORD = "inputRecord";
  private final Object[] row;
  private final DataContext statement;

  RowContext(Object[] row, DataContext statement) {
    this.row = row;
    this.statement = statement;
  }

  @Override
  public SchemaPlus getRootSchema() {
    return statement.getRootSchema();
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return statement.getTypeFactory();
  }

  @Override
  public QueryProvider getQueryProvider() {
    return statement.getQueryProvider();
  }

  @Override
  public Object get(String name) {
    return INPUT_RECORD.equals(name) ? row : statement.get(name);
  }
}
