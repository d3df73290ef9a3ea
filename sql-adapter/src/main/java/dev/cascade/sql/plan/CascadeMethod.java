package dev.cascade.sql.plan;

import dev.cascade.sql.exec.CascadeScan;
import dev.cascade.sql.exec.ScanSpec;
import java.lang.reflect.Method;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.tree.Types;

/**
 * The run-time methods the code generated for a Cascade plan calls.
 *
 * <p>Immutable.
 */
public enum CascadeMethod {
  /** Streams the rows of a scan. */
  SCAN(CascadeScan.class, "scan", DataContext.class, ScanSpec.class),
  /** Computes a pushed-down aggregate (one row). */
  AGGREGATE(CascadeScan.class, "aggregate", DataContext.class, ScanSpec.class);

  public final Method method;

  CascadeMethod(Class<?> clazz, String name, Class<?>... argumentTypes) {
    this.method = Types.lookupMethod(clazz, name, argumentTypes);
  }
}
