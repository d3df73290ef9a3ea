package dev.cascade.sql.exec;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/**
 * A data context that answers some variables itself ({@link #get}, in the subclass) and takes the schema, type
 * factory and query provider from the statement's context.
 *
 * <p>Immutable.
 */
abstract class DelegatingContext implements DataContext {
  final DataContext statement;

  DelegatingContext(DataContext statement) {
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
}
