package dev.cascade.engine.runtime;

import org.junit.jupiter.api.AfterEach;

/**
 * A test class's runtime and error log: the test starts {@link #rt}; after each test it is closed and no failure
 * may have reached the error hook.
 *
 * <p>Owned by the test thread.
 */
abstract class RuntimeTestBase {
  final Fixtures.ErrorLog errors = new Fixtures.ErrorLog();
  ShardRuntime rt;

  @AfterEach
  void closeRuntime() {
    if (rt != null) {
      rt.close();
    }
    errors.assertNone();
  }
}
