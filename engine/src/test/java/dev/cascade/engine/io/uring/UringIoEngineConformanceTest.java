package dev.cascade.engine.io.uring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineConformanceTest;

/** The conformance suite on io_uring; skipped where the kernel does not offer it. */
class UringIoEngineConformanceTest extends IoEngineConformanceTest {
  @Override
  protected IoEngine newEngine() {
    assumeTrue(UringIoEngine.isAvailable(), () -> "io_uring unavailable: " + UringIoEngine.unavailableReason());
    return new UringIoEngine();
  }
}
