package dev.cascade.sql.dml;

import java.lang.reflect.Method;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.tree.Types;

/** The methods that {@link CascadeTableModify}'s generated code calls. */
public enum DmlMethod {
  EXECUTE(StatementWriter.class, "execute", ModifyPlan.class, Enumerable.class, boolean.class),
  REFUSE(StatementWriter.class, "refuse", String.class);

  public final Method method;

  DmlMethod(Class<?> owner, String name, Class<?>... parameterTypes) {
    this.method = Types.lookupMethod(owner, name, parameterTypes);
  }
}
