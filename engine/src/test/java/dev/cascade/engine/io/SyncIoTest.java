package dev.cascade.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncIoTest {
  @TempDir Path dir;

  @Test
  void isOwnedByTheFirstThreadThatUsesIt() throws Exception {
    IoEngine engine = new FileChannelIoEngine();
    try (SyncIo io = new SyncIo(engine); Arena arena = Arena.ofShared()) {
      IoFile f = engine.open(dir.resolve("f"), OpenFlag.CREATE);
      MemorySegment page = arena.allocate(IoEngine.ALIGNMENT_BYTES);
      assertEquals(page.byteSize(), io.write(f, 0, page));
      Throwable[] failure = new Throwable[1];
      Thread other = new Thread(() -> {
        try {
          io.read(f, 0, page);
        } catch (Throwable t) {
          failure[0] = t;
        }
      }, "intruder");
      other.start();
      other.join();
      assertTrue(failure[0] instanceof IllegalStateException, String.valueOf(failure[0]));
      assertTrue(failure[0].getMessage().contains("intruder"), failure[0].getMessage());
      assertEquals(page.byteSize(), io.read(f, 0, page));
      engine.close(f);
    }
  }

  @Test
  void refusesUseAfterClose() {
    SyncIo io = new SyncIo(new FileChannelIoEngine());
    io.close();
    assertThrows(IllegalStateException.class, () -> io.sync(null, true));
  }
}
