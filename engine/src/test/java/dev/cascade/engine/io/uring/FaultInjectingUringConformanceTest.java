package dev.cascade.engine.io.uring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineConformanceTest;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;

/** The conformance suite on the fault-injecting wrapper over io_uring, with no faults: it must be invisible. */
class FaultInjectingUringConformanceTest extends IoEngineConformanceTest {
  @Override
  protected IoEngine newEngine() {
    assumeTrue(UringIoEngine.isAvailable(), () -> "io_uring unavailable: " + UringIoEngine.unavailableReason());
    return new FaultInjectingIoEngine(new UringIoEngine());
  }
}
