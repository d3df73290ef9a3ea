package dev.cascade.sql.exec;

import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.schema.SchemaPlus;

/** A data context of tests that answers variables (parameters, cancel flag, timeout) from a map, and nothing else. */
final class MapDataContext implements DataContext {
  private final Map<String, Object> variables;

  MapDataContext(Map<String, Object> variables) {
    this.variables = variables;
  }

  @Override
  public SchemaPlus getRootSchema() {
    return null;
  }

  @Override
  public JavaTypeFactory getTypeFactory() {
    return null;
  }

  @Override
  public QueryProvider getQueryProvider() {
    return null;
  }

  @Override
  public Object get(String name) {
    return variables.get(name);
  }
}
