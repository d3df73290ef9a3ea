package dev.cascade.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;
import dev.cascade.engine.io.uring.UringIoEngine;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.RuntimeOptions;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.ShardRuntime;
import dev.cascade.engine.runtime.ValueTask;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime and the I/O engines together, as the engine will use them: each shard's reactor is its I/O
 * queue, tasks issue asynchronous I/O and WAIT on the promises, and completions resume them on their shard.
 * Shards that sleep between tasks are woken by outside submissions through the engine's own wake-up (an
 * eventfd for io_uring, unpark for FileChannel).
 */
@Timeout(120)
class ShardIoTest {
  static final int PAGE = IoEngine.ALIGNMENT_BYTES;
  static final int PAGES = 32;

  @TempDir Path dir;

  static Stream<String> engines() {
    return Stream.of("uring", "filechannel", "fault-injecting");
  }

  static IoEngine engine(String name) {
    return switch (name) {
      case "uring" -> {
        assumeTrue(UringIoEngine.isAvailable(), () -> "io_uring unavailable: " + UringIoEngine.unavailableReason());
        yield new UringIoEngine();
      }
      case "filechannel" -> new FileChannelIoEngine();
      default -> new FaultInjectingIoEngine(IoEngines.create(null));
    };
  }

  @ParameterizedTest
  @MethodSource("engines")
  void tasksWaitOnIoAndAreResumedOnTheirShard(String name) {
    try (IoEngine io = engine(name);
        ShardRuntime runtime = ShardRuntime.start(
            RuntimeOptions.defaults().withShardCount(2).withSpinNanos(0).withReactorFactory(io))) {
      List<CompletableFuture<Long>> results = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        for (int shard = 0; shard < 2; shard++) {
          Path file = dir.resolve("shard-" + shard + "-round-" + round);
          results.add(runtime.submit(shard, new WriteThenReadTask(io, file, round * 2L + shard)));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertEquals((long) PAGES * PAGE, results.get(i).join(), "task " + i);
      }
      if (io.kind() == IoEngineKind.URING) {
        long submitted = runtime.call(0, s -> IoQueue.of(s).stats().submitted());
        assertTrue(submitted >= 20 * 2 * PAGES, "io_uring ring counters: " + submitted);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void anIoFailureFailsTheWaitingTask(String name) {
    try (IoEngine io = engine(name);
        ShardRuntime runtime = ShardRuntime.start(
            RuntimeOptions.defaults().withShardCount(1).withSpinNanos(0).withReactorFactory(io))) {
      Path file = dir.resolve("read-only");
      io.close(io.open(file, OpenFlag.CREATE));
      CompletableFuture<Long> f = runtime.submit(0, new ValueTask<Long>() {
        IoFile handle;
        Arena arena;
        Promise<Void> write;

        @Override
        public Status run(Shard shard) {
          if (write == null) {
            handle = io.open(file);
            arena = Arena.ofConfined();
            write = IoQueue.of(shard).write(handle, 0, arena.allocate(PAGE, PAGE));
          }
          if (!write.isDone()) {
            return write.await(this);
          }
          io.close(handle);
          arena.close();
          return done(write.getLong());
        }
      });
      StorageIoException e = assertThrows(StorageIoException.class, () -> {
        try {
          f.join();
        } catch (java.util.concurrent.CompletionException ce) {
          throw ce.getCause();
        }
      });
      assertEquals(file, e.path());
      assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
    }
  }

  /**
   * Writes {@value #PAGES} pages with all writes in flight at once, syncs, reads them back in flight at once,
   * and checks every byte. Owned by the shard that runs it.
   */
  static final class WriteThenReadTask extends ValueTask<Long> {
    private final IoEngine io;
    private final Path path;
    private final long seed;
    private Arena arena;
    private IoFile file;
    private MemorySegment pages;
    private Promise<Void> step;
    private int phase;

    WriteThenReadTask(IoEngine io, Path path, long seed) {
      this.io = io;
      this.path = path;
      this.seed = seed;
    }

    @Override
    public Status run(Shard shard) {
      IoQueue q = IoQueue.of(shard);
      while (true) {
        if (step != null && !step.isDone()) {
          return step.await(this);
        }
        if (step != null) {
          step.getLong();
        }
        switch (phase++) {
          case 0 -> step = writeAll(q);
          case 1 -> step = q.sync(file, true);
          case 2 -> step = readAll(q);
          default -> {
            return done(verifyAndClose());
          }
        }
      }
    }

    private Promise<Void> writeAll(IoQueue q) {
      arena = Arena.ofConfined();
      file = io.open(path, OpenFlag.CREATE, OpenFlag.DIRECT);
      pages = arena.allocate((long) PAGES * PAGE, PAGE);
      for (long i = 0; i < pages.byteSize() / 8; i++) {
        pages.setAtIndex(ValueLayout.JAVA_LONG, i, seed * 1_000_003 + i);
      }
      Promise<?>[] writes = new Promise<?>[PAGES];
      for (int i = 0; i < PAGES; i++) {
        writes[i] = q.write(file, (long) i * PAGE, pages.asSlice((long) i * PAGE, PAGE));
      }
      return Promise.all(writes[0].loop(), writes);
    }

    private Promise<Void> readAll(IoQueue q) {
      pages.fill((byte) 0);
      Promise<?>[] reads = new Promise<?>[PAGES];
      for (int i = 0; i < PAGES; i++) {
        reads[i] = q.read(file, (long) i * PAGE, pages.asSlice((long) i * PAGE, PAGE));
      }
      return Promise.all(reads[0].loop(), reads);
    }

    private long verifyAndClose() {
      for (long i = 0; i < pages.byteSize() / 8; i++) {
        assertEquals(seed * 1_000_003 + i, pages.getAtIndex(ValueLayout.JAVA_LONG, i), "long " + i);
      }
      long size = io.size(file);
      io.close(file);
      arena.close();
      return size;
    }
  }
}
