package dev.cascade.engine.sstable;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.IoQueueStats;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page writer tells a task which write to wait for before the next submission would block the thread. */
class PageWriterTest {
  @TempDir Path dir;

  @Test
  void aTaskIsToldToWaitOnlyWhenEveryBufferIsInFlightAndTheCurrentOneIsHalfFull() {
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      IoFile file = f.engine.open(dir.resolve("p.sst"), OpenFlag.CREATE);
      HeldWrites held = new HeldWrites(f.queue);
      PageWriter pages = new PageWriter(held, file);
      int beforeWait = (PageWriter.WRITES_IN_FLIGHT_MAX - 1) * PageWriter.BATCH_PAGES + PageWriter.BATCH_PAGES / 2;
      for (int i = 0; i < beforeWait; i++) {
        assertNull(pages.writeToWaitFor(), "page " + i + ": a free buffer follows, or the current one has room");
        pages.reservePage().fill((byte) i);
      }
      Promise<?> oldest = pages.writeToWaitFor();
      assertNotNull(oldest, "every other buffer is in flight and the current one is half full");
      assertSame(held.promises.get(0), oldest, "the write that used the next buffer");
      held.completeAll();
      assertNull(pages.writeToWaitFor(), "its write completed");
      for (int i = 0; i < 3 * PageWriter.BATCH_PAGES; i++) {
        pages.reservePage(); // goes on without blocking
        held.completeAll();
      }
      pages.close();
      f.engine.close(file);
    }
  }

  /** A queue whose writes are made at once but complete only when the test says. Owned by the test thread. */
  private static final class HeldWrites implements IoQueue {
    final IoQueue delegate;
    final List<Promise<Void>> promises = new ArrayList<>();
    final List<Long> lengths = new ArrayList<>();
    final ThreadLoop loop = new ThreadLoop();

    HeldWrites(IoQueue delegate) {
      this.delegate = delegate;
    }

    void completeAll() {
      for (int i = 0; i < promises.size(); i++) {
        if (!promises.get(i).isDone()) {
          promises.get(i).completeLong(lengths.get(i));
        }
      }
    }

    @Override
    public Promise<Void> write(IoFile file, long offset, MemorySegment src) {
      delegate.await(delegate.write(file, offset, src)).getLong();
      Promise<Void> p = new Promise<>(loop);
      promises.add(p);
      lengths.add(src.byteSize());
      return p;
    }

    @Override
    public IoEngineKind kind() {
      return delegate.kind();
    }

    @Override
    public Promise<Void> read(IoFile file, long offset, MemorySegment dst) {
      return delegate.read(file, offset, dst);
    }

    @Override
    public Promise<Void> writev(IoFile file, long offset, MemorySegment... srcs) {
      return delegate.writev(file, offset, srcs);
    }

    @Override
    public Promise<Void> sync(IoFile file, boolean dataOnly) {
      return delegate.sync(file, dataOnly);
    }

    @Override
    public Promise<Void> writeAndSync(IoFile file, long offset, MemorySegment src, boolean dataOnly) {
      return delegate.writeAndSync(file, offset, src, dataOnly);
    }

    @Override
    public IoQueueStats stats() {
      return delegate.stats();
    }

    @Override
    public int poll() {
      return delegate.poll();
    }

    @Override
    public void sleep(long timeoutNanos) {
      delegate.sleep(timeoutNanos);
    }

    @Override
    public void wake() {
      delegate.wake();
    }

    @Override
    public int inFlight() {
      return delegate.inFlight();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
