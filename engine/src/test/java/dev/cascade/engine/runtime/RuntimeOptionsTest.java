package dev.cascade.engine.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RuntimeOptionsTest {
  private static void rejects(String expected, Supplier<RuntimeOptions> build) {
    Exception e = assertThrows(RuntimeException.class, build::get);
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
  }

  @Test
  void defaults() {
    RuntimeOptions o = RuntimeOptions.defaults();
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), o.shardCount());
    assertEquals(500_000, o.backgroundQuotaNanos());
    assertEquals(
        "RuntimeOptions[shardCount=" + o.shardCount() + ", pinThreads=false, backgroundQuotaNanos=500000,"
            + " backgroundShare=0.25, spinNanos=50000, inboxCapacity=65536, backgroundIoBytesPerSecond=unlimited,"
            + " reactorFactory=ParkingReactor, errorHook=log]",
        o.toString());
  }

  @Test
  void invalidValuesAreNamedWithTheirValue() {
    RuntimeOptions d = RuntimeOptions.defaults();
    rejects("RuntimeOptions.shardCount must be between 1 and 1024: 0", () -> d.withShardCount(0));
    rejects("RuntimeOptions.shardCount must be between 1 and 1024: 1025", () -> d.withShardCount(1025));
    rejects("RuntimeOptions.backgroundQuotaNanos must be between 1000 and 1000000000: 999",
        () -> d.withBackgroundQuotaNanos(999));
    rejects("RuntimeOptions.backgroundShare must be > 0 and < 1: 1.0", () -> d.withBackgroundShare(1.0));
    rejects("RuntimeOptions.backgroundShare must be > 0 and < 1: 0.0", () -> d.withBackgroundShare(0));
    rejects("RuntimeOptions.backgroundShare must be > 0 and < 1: NaN", () -> d.withBackgroundShare(Double.NaN));
    rejects("RuntimeOptions.spinNanos must be between 0 and 10000000: -1", () -> d.withSpinNanos(-1));
    rejects("RuntimeOptions.inboxCapacity must be between 16 and 16777216: 15", () -> d.withInboxCapacity(15));
    rejects("RuntimeOptions.backgroundIoBytesPerSecond must be between 0 and",
        () -> d.withBackgroundIoBytesPerSecond(-5));
    rejects("RuntimeOptions.reactorFactory must not be null", () -> d.withReactorFactory(null));
    rejects("RuntimeOptions.errorHook must not be null", () -> d.withErrorHook(null));
  }
}
