package dev.cascade.engine.io.fault;

import dev.cascade.engine.Errno;
import dev.cascade.engine.io.IoOp;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * One fault that {@link FaultInjectingIoEngine} injects: operations of a kind on matching paths pass
 * {@code passes} times, then fail with {@code errno} the next {@code times} times, then the rule is spent.
 *
 * <p>Thread ownership: guarded by the engine's lock.
 */
final class FaultRule {
  /** {@code times} value of a rule that never runs out (a device that has died). */
  static final int FOREVER = Integer.MAX_VALUE;

  private final IoOp op;
  private final Predicate<Path> paths;
  private final String description;
  private final int errno;
  private long passes;
  private int times;

  FaultRule(IoOp op, Predicate<Path> paths, String description, int errno, long passes, int times) {
    if (passes < 0 || times <= 0 || errno <= 0) {
      throw new IllegalArgumentException(
          "passes must be >= 0, times and errno > 0: " + passes + ", " + times + ", " + errno);
    }
    this.op = op;
    this.paths = paths;
    this.description = description;
    this.errno = errno;
    this.passes = passes;
    this.times = times;
  }

  /**
   * Counts a matching operation against this rule (a pass, or one of its failures) and returns true when the
   * rule fails it. The engine calls every rule for every operation, even once an earlier rule has failed it,
   * so that each rule's count does not depend on the other rules. Null op matches all.
   */
  boolean fires(IoOp candidate, Path path) {
    if (times == 0 || (op != null && op != candidate) || !paths.test(path)) {
      return false;
    }
    if (passes > 0) {
      passes--;
      return false;
    }
    if (times != FOREVER) {
      times--;
    }
    return true;
  }

  boolean spent() {
    return times == 0;
  }

  int errno() {
    return errno;
  }

  @Override
  public String toString() {
    String what = op == null ? "any op" : op.name();
    String count = times == FOREVER ? "always" : times + "x";
    return what + " on " + description + " -> " + Errno.name(errno) + " " + count
        + (passes > 0 ? " after " + passes + " ok" : "");
  }
}
