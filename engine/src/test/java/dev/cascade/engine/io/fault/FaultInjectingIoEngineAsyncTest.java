package dev.cascade.engine.io.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.FileChannelIoEngine;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.IoQueueStats;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injecting engine over a delegate whose writes stay in flight until {@code poll()}, as on io_uring:
 * a sync covers only the writes completed before it was submitted.
 */
class FaultInjectingIoEngineAsyncTest {
  private static final int PAGE = IoEngine.ALIGNMENT_BYTES;

  @TempDir Path dir;
  FaultInjectingIoEngine engine;
  IoQueue queue;
  Arena arena;
  Random random;
  long seed;

  @BeforeEach
  void setUp(TestInfo info) {
    engine = new FaultInjectingIoEngine(new DeferringIoEngine());
    queue = engine.open(new ThreadLoop(), SyncIo.SHARD_INDEX_NONE);
    arena = Arena.ofShared();
    seed = TestSeeds.seed(getClass().getSimpleName() + "." + info.getDisplayName());
    random = new Random(seed);
  }

  @AfterEach
  void tearDown() {
    queue.close();
    engine.close();
    arena.close();
  }

  private MemorySegment segment(byte[] content) {
    MemorySegment s = arena.allocate(content.length, PAGE);
    MemorySegment.copy(content, 0, s, ValueLayout.JAVA_BYTE, 0, content.length);
    return s;
  }

  private byte[] randomBytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  private IoFile createDurable(String name) {
    IoFile f = engine.open(dir.resolve(name), OpenFlag.CREATE);
    engine.syncDirectory(dir);
    return f;
  }

  private byte[] contentOf(String name) {
    IoFile f = engine.open(dir.resolve(name));
    try {
      MemorySegment dst = arena.allocate(Math.max(1, engine.size(f)));
      long n = queue.await(queue.read(f, 0, dst)).getLong();
      return dst.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    } finally {
      engine.close(f);
    }
  }

  @Test
  void aSyncDoesNotCoverAWriteStillInFlight() {
    IoFile f = createDurable("wal");
    Promise<Void> write = queue.write(f, 0, segment(randomBytes(PAGE)));
    assertFalse(write.isDone(), "the delegate holds writes until poll");
    Promise<Void> sync = queue.sync(f, true);
    assertTrue(sync.isDone() && !sync.isFailed());
    queue.await(write).getLong();
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertEquals(0, contentOf("wal").length, "the write completed after the sync was submitted");
  }

  @Test
  void aSyncCoversWritesCompletedBeforeItAndLaterOnesStayUnsynced() {
    IoFile f = createDurable("wal");
    byte[] first = randomBytes(PAGE);
    queue.await(queue.write(f, 0, segment(first))).getLong();
    Promise<Void> second = queue.write(f, PAGE, segment(randomBytes(PAGE)));
    queue.await(queue.sync(f, true)).getLong();
    queue.await(second).getLong();
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(first, contentOf("wal"));
  }

  /** An in-flight write older than a durable one that extends the file: its range comes back as zeros. */
  @Test
  void anOlderWriteStillInFlightComesBackAsZerosBelowADurableOne() {
    DeferringIoEngine deferring = (DeferringIoEngine) engine.delegate();
    IoFile f = createDurable("wal");
    Promise<Void> first = queue.write(f, 0, segment(randomBytes(PAGE)));
    byte[] second = randomBytes(PAGE);
    Promise<Void> secondDone = queue.write(f, PAGE, segment(second));
    deferring.queue.runNewest();
    assertTrue(secondDone.isDone() && !first.isDone());
    queue.await(queue.sync(f, true)).getLong();
    queue.await(first).getLong();
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    byte[] expected = new byte[2 * PAGE];
    System.arraycopy(second, 0, expected, PAGE, PAGE);
    assertArrayEquals(expected, contentOf("wal"));
  }

  @Test
  void writeAndSyncCoversItsOwnWrite() {
    IoFile f = createDurable("wal");
    byte[] data = randomBytes(PAGE);
    Promise<Void> p = queue.writeAndSync(f, 0, segment(data), true);
    assertFalse(p.isDone());
    queue.await(p).getLong();
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(data, contentOf("wal"));
  }

  /** A write that the delegate rejects by throwing leaves no undo record: the history is dropped on close. */
  @Test
  void aWriteTheDelegateRejectsLeavesNoRecord() {
    DeferringIoEngine deferring = (DeferringIoEngine) engine.delegate();
    IoFile f = createDurable("wal");
    deferring.queue.rejectNext = true;
    assertThrows(IllegalStateException.class, () -> queue.write(f, 0, segment(randomBytes(PAGE))));
    engine.close(f);
    assertTrue(engine.toString().contains("tracked files 0"), engine.toString());
  }

  /** A {@link FileChannelIoEngine} whose queues keep writes in flight until the next {@code poll()}. */
  static final class DeferringIoEngine implements IoEngine {
    private final FileChannelIoEngine inner = new FileChannelIoEngine();
    /** The queue opened last. */
    DeferringQueue queue;

    @Override
    public IoEngineKind kind() {
      return inner.kind();
    }

    @Override
    public IoFile open(Path path, OpenFlag... flags) {
      return inner.open(path, flags);
    }

    @Override
    public void close(IoFile file) {
      inner.close(file);
    }

    @Override
    public long size(IoFile file) {
      return inner.size(file);
    }

    @Override
    public void truncate(IoFile file, long sizeBytes) {
      inner.truncate(file, sizeBytes);
    }

    @Override
    public void preallocate(IoFile file, long offset, long length) {
      inner.preallocate(file, offset, length);
    }

    @Override
    public void rename(Path from, Path to) {
      inner.rename(from, to);
    }

    @Override
    public void delete(Path path) {
      inner.delete(path);
    }

    @Override
    public List<Path> list(Path dir) {
      return inner.list(dir);
    }

    @Override
    public boolean exists(Path path) {
      return inner.exists(path);
    }

    @Override
    public void createDirectories(Path dir) {
      inner.createDirectories(dir);
    }

    @Override
    public void syncDirectory(Path dir) {
      inner.syncDirectory(dir);
    }

    @Override
    public IoQueue open(EventLoop loop, int shardIndex) {
      queue = new DeferringQueue(inner.open(loop, shardIndex), loop);
      return queue;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** Writes (plain, vectored, linked) run and complete at the next {@code poll()}; the rest at once. */
  private static final class DeferringQueue implements IoQueue {
    private final IoQueue inner;
    private final EventLoop loop;
    private final ArrayDeque<Runnable> held = new ArrayDeque<>();
    /** The next write is rejected by throwing, as a delegate does on a bad call. */
    boolean rejectNext;

    DeferringQueue(IoQueue inner, EventLoop loop) {
      this.inner = inner;
      this.loop = loop;
    }

    private Promise<Void> hold(Supplier<Promise<Void>> op) {
      if (rejectNext) {
        rejectNext = false;
        throw new IllegalStateException("rejected");
      }
      Promise<Void> out = new Promise<>(loop);
      held.add(() -> op.get().onComplete(done -> {
        if (done.isFailed()) {
          out.fail(done.failure());
        } else {
          out.completeLong(done.getLong());
        }
      }));
      return out;
    }

    @Override
    public IoEngineKind kind() {
      return inner.kind();
    }

    @Override
    public Promise<Void> read(IoFile file, long offset, MemorySegment dst) {
      return inner.read(file, offset, dst);
    }

    @Override
    public Promise<Void> write(IoFile file, long offset, MemorySegment src) {
      return hold(() -> inner.write(file, offset, src));
    }

    @Override
    public Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs) {
      return hold(() -> inner.writev(file, offset, srcs));
    }

    @Override
    public Promise<Void> sync(IoFile file, boolean dataOnly) {
      return inner.sync(file, dataOnly);
    }

    @Override
    public Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
      return hold(() -> inner.writeAndSync(file, offset, src, dataOnly));
    }

    @Override
    public IoQueueStats stats() {
      return inner.stats();
    }

    /** Runs only the write submitted last. */
    void runNewest() {
      held.removeLast().run();
    }

    @Override
    public int poll() {
      int n = held.size();
      while (!held.isEmpty()) {
        held.removeFirst().run();
      }
      return n;
    }

    @Override
    public void sleep(long timeoutNanos) {
      poll();
    }

    @Override
    public void wake() {}

    @Override
    public int inFlight() {
      return held.size();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
