package dev.cascade.engine.io;

import dev.cascade.engine.runtime.ThreadLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The conformance suite on {@link FileChannelIoEngine}, plus what is specific to it. */
class FileChannelIoEngineConformanceTest extends IoEngineConformanceTest {
  @Override
  protected IoEngine newEngine() {
    return new FileChannelIoEngine();
  }

  @Test
  void misalignedDirectIoIsRejectedNamingTheBadValue() {
    IoFile f = engine.open(dir.resolve("direct"), OpenFlag.CREATE, OpenFlag.DIRECT);
    IllegalArgumentException offset =
        assertThrows(IllegalArgumentException.class, () -> io.write(f, 100, buffer(PAGE)));
    assertTrue(offset.getMessage().contains("offset 100"), offset.getMessage());
    IllegalArgumentException length =
        assertThrows(IllegalArgumentException.class, () -> io.write(f, 0, buffer(PAGE).asSlice(0, 512)));
    assertTrue(length.getMessage().contains("length 512"), length.getMessage());
    IllegalArgumentException address =
        assertThrows(IllegalArgumentException.class, () -> io.read(f, 0, buffer(2 * PAGE).asSlice(8, PAGE)));
    assertTrue(address.getMessage().contains("address"), address.getMessage());
    assertThrows(IllegalArgumentException.class, () -> io.read(f, 0, MemorySegment.ofArray(new byte[PAGE])));
    engine.close(f);
  }

  @Test
  void queueIsOwnedByItsThreadAndNeverHasOperationsInFlight() throws Exception {
    try (IoQueue q = engine.open(new ThreadLoop(), 0)) {
      IoFile f = engine.open(dir.resolve("owned"), OpenFlag.CREATE);
      q.write(f, 0, buffer(PAGE));
      assertEquals(0, q.inFlight());
      Throwable[] failure = new Throwable[1];
      Thread other = new Thread(() -> {
        try {
          q.read(f, 0, buffer(PAGE));
        } catch (Throwable t) {
          failure[0] = t;
        }
      });
      other.start();
      other.join();
      assertTrue(failure[0] instanceof IllegalStateException, String.valueOf(failure[0]));
      engine.close(f);
    }
  }

  @Test
  void queueMustBeOpenedOnItsLoopsThread() throws Exception {
    ThreadLoop loop = new ThreadLoop();
    Throwable[] failure = new Throwable[1];
    Thread other = new Thread(() -> {
      try {
        engine.open(loop, 0);
      } catch (Throwable t) {
        failure[0] = t;
      }
    });
    other.start();
    other.join();
    assertTrue(failure[0] instanceof IllegalStateException, String.valueOf(failure[0]));
  }
}
