package dev.cascade.engine.io.uring;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the io_uring tests share: an engine, one queue owned by the test thread, an arena for buffers, and the
 * files a test opened, all closed after each test. Skips the test where io_uring is unavailable.
 *
 * <p>Owned by the test thread.
 */
abstract class UringTestFixture {
  static final int PAGE = IoEngine.ALIGNMENT_BYTES;

  @TempDir Path dir;
  Arena arena;
  UringIoEngine engine;
  ThreadLoop loop;
  /** The test thread's queue; a test that closes it itself sets this to null. */
  UringQueue queue;
  final List<IoFile> files = new ArrayList<>();

  @BeforeEach
  void openEngine() {
    Assumptions.assumeTrue(UringIoEngine.isAvailable(), () -> "io_uring unavailable: " + UringIoEngine.unavailableReason());
    arena = Arena.ofConfined();
    engine = new UringIoEngine();
    loop = new ThreadLoop();
    queue = (UringQueue) engine.open(loop, 0);
  }

  @AfterEach
  void closeEngine() {
    if (queue != null) {
      queue.close();
    }
    for (IoFile f : files) {
      engine.close(f);
    }
    if (engine != null) {
      engine.close();
    }
    if (arena != null) {
      arena.close();
    }
  }

  /** Opens {@code name} in the test's directory; closed after the test. */
  IoFile open(String name, OpenFlag... flags) {
    IoFile f = engine.open(dir.resolve(name), flags);
    files.add(f);
    return f;
  }
}
