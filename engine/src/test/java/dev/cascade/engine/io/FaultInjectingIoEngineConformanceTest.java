package dev.cascade.engine.io;

/** The conformance suite on {@link FaultInjectingIoEngine} over FileChannel, with no faults: it must be invisible. */
class FaultInjectingIoEngineConformanceTest extends IoEngineConformanceTest {
  @Override
  protected IoEngine newEngine() {
    return new FaultInjectingIoEngine(new FileChannelIoEngine());
  }
}
