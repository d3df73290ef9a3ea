package dev.cascade.engine.store;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Options;
import java.nio.file.Path;

/** The store: being written (issue 3). */
public final class Store {
  private Store() {}

  public static CascadeDb open(Path dir, Options options) {
    throw new UnsupportedOperationException("the store is being written");
  }
}
