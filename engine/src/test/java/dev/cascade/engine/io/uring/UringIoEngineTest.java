package dev.cascade.engine.io.uring;

import dev.cascade.engine.runtime.ThreadLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.OpenFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synchronous file-system side of {@link UringIoEngine}; skipped where io_uring is unavailable. */
class UringIoEngineTest {
  @TempDir Path dir;
  private UringIoEngine engine;

  @BeforeEach
  void setUp() {
    Assumptions.assumeTrue(UringIoEngine.isAvailable(), () -> "io_uring unavailable: " + UringIoEngine.unavailableReason());
    assertNull(UringIoEngine.unavailableReason());
    engine = new UringIoEngine();
  }

  @Test
  void preallocateTruncateAndSize() throws Exception {
    IoFile f = engine.open(dir.resolve("seg"), OpenFlag.CREATE, OpenFlag.DIRECT);
    try {
      engine.preallocate(f, 0, 3L * IoEngine.ALIGNMENT_BYTES);
      assertEquals(3L * IoEngine.ALIGNMENT_BYTES, engine.size(f));
      byte[] bytes = Files.readAllBytes(dir.resolve("seg"));
      for (byte b : bytes) {
        assertEquals(0, b);
      }
      engine.truncate(f, 100);
      assertEquals(100, engine.size(f));
      assertThrows(IllegalArgumentException.class, () -> engine.preallocate(f, 1, IoEngine.ALIGNMENT_BYTES));
    } finally {
      engine.close(f);
    }
    assertThrows(StorageIoException.class, () -> engine.size(f));
  }

  @Test
  void createNewRefusesAnExistingFile() {
    engine.close(engine.open(dir.resolve("x"), OpenFlag.CREATE_NEW));
    StorageIoException e = assertThrows(StorageIoException.class, () -> engine.open(dir.resolve("x"), OpenFlag.CREATE_NEW));
    assertEquals(Errno.EEXIST, e.errno());
    assertEquals("open", e.operation());
  }

  @Test
  void directoryOperations() {
    Path sub = dir.resolve("a/b");
    engine.createDirectories(sub);
    engine.close(engine.open(sub.resolve("2"), OpenFlag.CREATE));
    engine.close(engine.open(sub.resolve("1"), OpenFlag.CREATE));
    assertEquals(List.of(Path.of("1"), Path.of("2")), engine.list(sub));
    engine.rename(sub.resolve("1"), sub.resolve("3"));
    assertFalse(engine.exists(sub.resolve("1")));
    assertTrue(engine.exists(sub.resolve("3")));
    engine.delete(sub.resolve("3"));
    engine.delete(sub.resolve("3"));
    engine.syncDirectory(sub);
    assertEquals(List.of(Path.of("2")), engine.list(sub));
    StorageIoException e = assertThrows(StorageIoException.class,
        () -> engine.rename(sub.resolve("nope"), sub.resolve("x")));
    assertEquals(Errno.ENOENT, e.errno());
    assertEquals(Errno.ENOENT, assertThrows(StorageIoException.class, () -> engine.list(dir.resolve("none"))).errno());
  }

  @Test
  void queuesAreOpenedOnTheirLoopsThreadAndRingSizesAreChecked() throws Exception {
    ThreadLoop loop = new ThreadLoop();
    Throwable[] seen = new Throwable[1];
    Thread other = new Thread(() -> {
      try {
        engine.open(loop, 0);
      } catch (Throwable t) {
        seen[0] = t;
      }
    });
    other.start();
    other.join();
    assertTrue(seen[0] instanceof IllegalStateException, String.valueOf(seen[0]));
    assertThrows(IllegalArgumentException.class, () -> new UringIoEngine(100));
    assertThrows(IllegalArgumentException.class, () -> new UringIoEngine(1 << 20));
  }
}
