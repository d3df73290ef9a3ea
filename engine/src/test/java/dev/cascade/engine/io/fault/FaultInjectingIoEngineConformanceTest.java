package dev.cascade.engine.io.fault;

import dev.cascade.engine.io.FileChannelIoEngine;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineConformanceTest;

/** The conformance suite on {@link FaultInjectingIoEngine} over FileChannel, with no faults: it must be invisible. */
class FaultInjectingIoEngineConformanceTest extends IoEngineConformanceTest {
  @Override
  protected IoEngine newEngine() {
    return new FaultInjectingIoEngine(new FileChannelIoEngine());
  }
}
