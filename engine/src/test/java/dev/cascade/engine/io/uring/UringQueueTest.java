package dev.cascade.engine.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.IoQueueStats;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.runtime.ThreadLoop;
import dev.cascade.engine.runtime.Promise;
import java.lang.ref.WeakReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** io_uring-specific tests of {@link UringQueue} and {@link UringIoEngine}; skipped where io_uring is unavailable. */
@Timeout(60)
class UringQueueTest extends UringTestFixture {
  private MemorySegment page(int pages) {
    return arena.allocate((long) pages * PAGE, PAGE);
  }

  private static void fill(MemorySegment s, Random random) {
    for (long i = 0; i < s.byteSize(); i += 8) {
      s.set(ValueLayout.JAVA_LONG_UNALIGNED, i, random.nextLong());
    }
  }

  private static long seed() {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("seed=" + seed + " (replay with -Dseed=" + seed + ")");
    return seed;
  }

  @Test
  void kindAndCountersMove() {
    assertEquals(IoEngineKind.URING, engine.kind());
    assertEquals(IoEngineKind.URING, queue.kind());
    IoFile f = open("counters", OpenFlag.CREATE);
    MemorySegment buf = page(1);
    IoQueueStats before = queue.stats();
    assertEquals(PAGE, queue.await(queue.write(f, 0, buf)).getLong());
    assertEquals(PAGE, queue.await(queue.read(f, 0, buf)).getLong());
    IoQueueStats after = queue.stats();
    assertEquals(before.submitted() + 2, after.submitted());
    assertEquals(before.completed() + 2, after.completed());
    assertTrue(after.enterCalls() > before.enterCalls(), after.toString());
    assertEquals(0, queue.inFlight());
  }

  @Test
  void smallWritesToAnInlineFileCompleteAtOnceWithoutTheRing() {
    IoFile f = open("inline", OpenFlag.CREATE, OpenFlag.INLINE_SMALL_WRITES);
    MemorySegment buf = page(2);
    fill(buf, new Random(seed()));
    IoQueueStats before = queue.stats();
    long inlineBefore = queue.inlineWrites();
    var p = queue.write(f, PAGE, buf);
    assertTrue(p.isDone(), "an inline write is complete when write() returns");
    assertEquals(2L * PAGE, queue.await(p).getLong());
    assertEquals(inlineBefore + 1, queue.inlineWrites());
    assertEquals(before.submitted(), queue.stats().submitted(), "nothing went through the ring");
    MemorySegment back = page(2);
    assertEquals(2L * PAGE, queue.await(queue.read(f, PAGE, back)).getLong());
    assertEquals(-1, back.mismatch(buf));
    MemorySegment big = page((int) (UringQueue.INLINE_BUFFERED_WRITE_BYTES_MAX / PAGE) + 1);
    queue.await(queue.write(f, 0, big));
    assertEquals(inlineBefore + 1, queue.inlineWrites(), "a write above the bound goes through the ring");
    engine.close(f);
    var closed = queue.write(f, 0, buf);
    assertTrue(closed.isDone());
    assertTrue(closed.failure() instanceof dev.cascade.engine.StorageIoException, String.valueOf(closed.failure()));
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {true, false})
  void roundTripsAtRandomAlignedOffsets(boolean direct) {
    Random random = new Random(seed());
    IoFile f = direct ? open("rt", OpenFlag.CREATE, OpenFlag.DIRECT) : open("rt", OpenFlag.CREATE);
    assertEquals(direct, f.direct());
    MemorySegment out = page(4);
    MemorySegment in = page(4);
    for (int i = 0; i < 50; i++) {
      long offset = (long) random.nextInt(256) * PAGE;
      MemorySegment src = out.asSlice(0, (long) (1 + random.nextInt(4)) * PAGE);
      fill(src, random);
      assertEquals(src.byteSize(), queue.await(queue.write(f, offset, src)).getLong());
      MemorySegment dst = in.asSlice(0, src.byteSize());
      dst.fill((byte) 0);
      assertEquals(src.byteSize(), queue.await(queue.read(f, offset, dst)).getLong());
      assertEquals(-1, src.mismatch(dst), "mismatch at offset " + offset);
    }
  }

  @Test
  void bufferedShortReadAtEofAndZeroPastIt() {
    IoFile f = open("eof", OpenFlag.CREATE);
    MemorySegment src = arena.allocate(5000);
    fill(src, new Random(1));
    assertEquals(5000, queue.await(queue.write(f, 0, src)).getLong());
    MemorySegment dst = arena.allocate(8192);
    assertEquals(5000, queue.await(queue.read(f, 0, dst)).getLong());
    assertEquals(-1, src.mismatch(dst.asSlice(0, 5000)));
    assertEquals(1000, queue.await(queue.read(f, 4000, dst)).getLong());
    assertEquals(0, queue.await(queue.read(f, 5000, dst)).getLong());
    assertEquals(0, queue.await(queue.read(f, 1 << 20, dst)).getLong());
  }

  @Test
  void directShortReadAtEofAndZeroPastIt() {
    IoFile f = open("eof-direct", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = page(2);
    fill(src, new Random(2));
    queue.await(queue.write(f, 0, src)).getLong();
    engine.truncate(f, 6000);
    MemorySegment dst = page(2);
    assertEquals(6000 - PAGE, queue.await(queue.read(f, PAGE, dst)).getLong());
    assertEquals(-1, src.asSlice(PAGE, 6000 - PAGE).mismatch(dst.asSlice(0, 6000 - PAGE)));
    assertEquals(0, queue.await(queue.read(f, 4L * PAGE, dst)).getLong());
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {true, false})
  void writevWritesBuffersBackToBack(boolean direct) {
    IoFile f = direct ? open("wv", OpenFlag.CREATE, OpenFlag.DIRECT) : open("wv", OpenFlag.CREATE);
    Random random = new Random(3);
    MemorySegment a = page(1);
    MemorySegment b = page(2);
    MemorySegment c = page(1);
    fill(a, random);
    fill(b, random);
    fill(c, random);
    assertEquals(4L * PAGE, queue.await(queue.writev(f, PAGE, a, b, c)).getLong());
    MemorySegment back = page(4);
    assertEquals(4L * PAGE, queue.await(queue.read(f, PAGE, back)).getLong());
    assertEquals(-1, a.mismatch(back.asSlice(0, PAGE)));
    assertEquals(-1, b.mismatch(back.asSlice(PAGE, 2L * PAGE)));
    assertEquals(-1, c.mismatch(back.asSlice(3L * PAGE, PAGE)));
    assertEquals(5L * PAGE, engine.size(f));
  }

  @ParameterizedTest(name = "dataOnly={0}")
  @ValueSource(booleans = {true, false})
  void writeAndSyncAndSync(boolean dataOnly) {
    IoFile f = open("ws", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = page(2);
    fill(src, new Random(4));
    assertEquals(2L * PAGE, queue.await(queue.writeAndSync(f, 0, src, dataOnly)).getLong());
    assertEquals(0, queue.await(queue.sync(f, dataOnly)).getLong());
    MemorySegment back = page(2);
    queue.await(queue.read(f, 0, back)).getLong();
    assertEquals(-1, src.mismatch(back));
  }

  @Test
  void thirtyTwoReadsInFlight() {
    int n = 32;
    IoFile f = open("many", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = page(n);
    for (int i = 0; i < n; i++) {
      src.asSlice((long) i * PAGE, PAGE).fill((byte) (i + 1));
    }
    queue.await(queue.write(f, 0, src)).getLong();
    MemorySegment dst = page(n);
    List<Promise<Void>> reads = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      reads.add(queue.read(f, (long) i * PAGE, dst.asSlice((long) i * PAGE, PAGE)));
    }
    assertEquals(n, queue.inFlight());
    for (Promise<Void> p : reads) {
      assertEquals(PAGE, queue.await(p).getLong());
    }
    assertEquals(-1, src.mismatch(dst));
    assertEquals(0, queue.inFlight());
  }

  @Test
  void moreOperationsThanTheRingHoldsWaitInTheBacklog() {
    queue.close();
    queue = (UringQueue) engine.open(loop, 0);
    try (UringIoEngine small = new UringIoEngine(8)) {
      IoQueue q = small.open(loop, 1);
      try {
        IoFile f = open("backlog", OpenFlag.CREATE);
        int n = 100;
        MemorySegment src = arena.allocate(n * 8L);
        for (int i = 0; i < n; i++) {
          src.set(ValueLayout.JAVA_LONG, i * 8L, i * 31L);
        }
        List<Promise<Void>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          all.add(q.writeAndSync(f, i * 8L, src.asSlice(i * 8L, 8), true));
        }
        for (Promise<Void> p : all) {
          assertEquals(8, q.await(p).getLong());
        }
        MemorySegment back = arena.allocate(n * 8L);
        assertEquals(n * 8L, q.await(q.read(f, 0, back)).getLong());
        assertEquals(-1, src.mismatch(back));
      } finally {
        q.close();
      }
    }
  }

  /** Full collections run to clear weak references; bounded by count, not by time. */
  private static final int GC_ROUNDS = 5;

  /**
   * The kernel has only a buffer's address, so the queue must keep the segment reachable until the operation
   * completes: otherwise an automatic arena's memory could be freed under the kernel. The write is left in the
   * SQ (not yet submitted) while the GC runs, then completes with the buffer's contents.
   */
  @ParameterizedTest(name = "vectored={0}")
  @ValueSource(booleans = {false, true})
  void aBufferStaysReachableWhileItsOperationIsInFlight(boolean vectored) {
    IoFile f = open("unreferenced", OpenFlag.CREATE);
    List<WeakReference<MemorySegment>> refs = new ArrayList<>();
    Promise<Void> p = writeFromUnreferencedBuffers(f, vectored, refs);
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
    }
    for (WeakReference<MemorySegment> ref : refs) {
      assertTrue(ref.get() != null, "a buffer of an operation in flight was collected");
    }
    assertEquals(2L * PAGE, queue.await(p).getLong());
    MemorySegment back = page(2);
    assertEquals(2L * PAGE, queue.await(queue.read(f, 0, back)).getLong());
    for (int i = 0; i < 2 * PAGE; i++) {
      assertEquals((byte) 0x5A, back.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
    }
  }

  /** A finished op's slot holds no buffer (checked directly: whether a GC clears a weak reference is up to it). */
  @Test
  void aClearedSlotHoldsNoBuffers() {
    UringOp op = new UringOp(0);
    op.buffer = page(1);
    op.buffers = new MemorySegment[] {page(1)};
    op.clear();
    assertTrue(op.buffer == null && op.buffers == null, "clear() kept a buffer");
  }

  /** Starts a write of two pages of 0x5A from automatic-arena buffers that only the queue references. */
  private Promise<Void> writeFromUnreferencedBuffers(IoFile f, boolean vectored,
      List<WeakReference<MemorySegment>> refs) {
    if (vectored) {
      MemorySegment a = Arena.ofAuto().allocate(PAGE, PAGE).fill((byte) 0x5A);
      MemorySegment b = Arena.ofAuto().allocate(PAGE, PAGE).fill((byte) 0x5A);
      refs.add(new WeakReference<>(a));
      refs.add(new WeakReference<>(b));
      return queue.writev(f, 0, a, b);
    }
    MemorySegment buf = Arena.ofAuto().allocate(2L * PAGE, PAGE).fill((byte) 0x5A);
    refs.add(new WeakReference<>(buf));
    return queue.write(f, 0, buf);
  }

  /**
   * A write sits in the SQ, not yet submitted, when its file is closed: the kernel resolves the descriptor only
   * at submission, so the close must wait for the write, or another open could take the number and receive
   * the data. The last completion closes it.
   */
  @Test
  void closingAFileWithAnOperationInFlightDefersTheCloseToItsCompletion() throws Exception {
    Path pathA = dir.resolve("a");
    UringFile a = (UringFile) engine.open(pathA, OpenFlag.CREATE);
    Promise<Void> p = queue.write(a, 0, page(1).fill((byte) 0x11));
    engine.close(a);
    assertEquals(pathA.toRealPath(), descriptorTarget(a.fd()), "closed while a write was in flight");
    IoFile b = open("b", OpenFlag.CREATE);
    assertEquals(PAGE, queue.await(p).getLong());
    assertEquals(PAGE, Files.size(pathA));
    assertEquals(0, Files.size(dir.resolve("b")));
    assertEquals(0, a.holders());
    assertTrue(!pathA.toRealPath().equals(descriptorTarget(a.fd())), "not closed by the last completion");
    StorageIoException e = assertInstanceOf(StorageIoException.class, queue.await(queue.read(a, 0, page(1))).failure());
    assertEquals(Errno.EBADF, e.errno());
    assertThrows(StorageIoException.class, () -> engine.size(a));
    engine.close(b);
  }

  /** What descriptor {@code fd} of this process names, or null when it is not open. */
  private static Path descriptorTarget(int fd) throws java.io.IOException {
    Path link = Path.of("/proc/self/fd/" + fd);
    return Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? Files.readSymbolicLink(link) : null;
  }

  /** A failed eventfd read is reported, but the read is re-armed first, so later wakes still end sleeps. */
  @Test
  void aFailedWakeReadIsReportedAndRearmed() {
    UringQueue q = queue;
    q.injectedWakeResult = -Errno.EIO;
    q.wake();
    StorageIoException e = assertThrows(StorageIoException.class, () -> {
      while (true) {
        q.sleep(1_000_000_000L);
      }
    });
    assertEquals(Errno.EIO, e.errno());
    assertTrue(q.wakeArmed(), "the wake read was not re-armed");
    q.sleep(0); // consumes the failed read's "woken" mark, so that the next sleep waits for a real wake
    q.wake();
    q.sleep(Long.MAX_VALUE / 2); // returns only if the wake reaches an armed read (else the class timeout fails it)
    assertEquals(0, q.inFlight());
  }

  @Test
  void writeToAFileOpenedForReadingFailsWithEbadf() throws Exception {
    Path path = dir.resolve("readonly");
    Files.write(path, new byte[PAGE]);
    IoFile f = open("readonly");
    Promise<Void> p = queue.await(queue.write(f, 0, page(1)));
    StorageIoException e = assertInstanceOf(StorageIoException.class, p.failure());
    assertEquals(Errno.EBADF, e.errno());
    assertEquals("pwrite", e.operation());
    assertEquals(path, e.path());
    assertTrue(e.getMessage().startsWith("pwrite " + path + " failed: EBADF (Bad file descriptor)"), e.getMessage());
  }

  @Test
  void openingAMissingFileFailsWithEnoent() {
    Path missing = dir.resolve("missing");
    StorageIoException e = assertThrows(StorageIoException.class, () -> engine.open(missing));
    assertEquals(Errno.ENOENT, e.errno());
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("ENOENT (No such file or directory)"), e.getMessage());
  }

  @Test
  void badArgumentsAreRefusedClearly() {
    IoFile f = open("args", OpenFlag.CREATE, OpenFlag.DIRECT);
    assertThrows(IllegalArgumentException.class, () -> queue.read(f, 0, MemorySegment.ofArray(new byte[PAGE])));
    assertThrows(IllegalArgumentException.class, () -> queue.read(f, 100, page(1)));
    assertThrows(IllegalArgumentException.class, () -> queue.write(f, 0, page(1).asSlice(0, 100)));
    assertThrows(IllegalArgumentException.class, () -> queue.read(f, -PAGE, page(1)));
    MemorySegment[] tooMany = new MemorySegment[IoQueue.WRITEV_BUFFERS_MAX + 1];
    java.util.Arrays.fill(tooMany, page(1));
    assertThrows(IllegalArgumentException.class, () -> queue.writev(f, 0, tooMany));
  }

  @Test
  void operationsOnAClosedFileFailWithEbadf() {
    IoFile f = engine.open(dir.resolve("closed"), OpenFlag.CREATE);
    engine.close(f);
    engine.close(f);
    Promise<Void> p = queue.await(queue.read(f, 0, page(1)));
    StorageIoException e = assertInstanceOf(StorageIoException.class, p.failure());
    assertEquals(Errno.EBADF, e.errno());
    assertTrue(e.getMessage().contains("the file is closed"), e.getMessage());
    assertEquals(0, queue.inFlight());
  }

  @Test
  void otherThreadsMayNotUseTheQueue() throws Exception {
    Throwable[] seen = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        queue.poll();
      } catch (Throwable e) {
        seen[0] = e;
      }
    });
    t.start();
    t.join();
    assertInstanceOf(IllegalStateException.class, seen[0]);
  }

  @Test
  @Timeout(30)
  void wakeFromAnotherThreadEndsALongSleep() throws Exception {
    queue.poll();
    Thread waker = new Thread(() -> {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      queue.wake();
    });
    waker.start();
    long before = queue.stats().sleeps();
    queue.sleep(3_600_000_000_000L);
    waker.join();
    assertTrue(queue.stats().sleeps() >= before);
  }

  @Test
  @Timeout(30)
  void aWakeBeforeSleepIsNotLost() {
    queue.wake();
    queue.wake();
    queue.sleep(3_600_000_000_000L);
    // Consumed by poll, the wake still ends the next sleep at once.
    queue.wake();
    queue.poll();
    queue.poll();
    queue.sleep(3_600_000_000_000L);
  }

  @Test
  @Timeout(30)
  void sleepTimesOutWithoutAWake() {
    long sleeps = queue.stats().sleeps();
    queue.sleep(1_000_000L);
    assertEquals(sleeps + 1, queue.stats().sleeps());
  }

  @Test
  @Timeout(30)
  void manyWakersAndManySleeps() throws Exception {
    int rounds = 200;
    Thread[] wakers = new Thread[3];
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    for (int i = 0; i < wakers.length; i++) {
      wakers[i] = new Thread(() -> {
        while (!stop.get()) {
          queue.wake();
          Thread.onSpinWait();
        }
      });
      wakers[i].start();
    }
    for (int i = 0; i < rounds; i++) {
      queue.sleep(1_000_000_000L);
    }
    // Closing while wakers still run must not write to a closed eventfd (wake after close is a no-op).
    queue.close();
    queue = null;
    stop.set(true);
    for (Thread t : wakers) {
      t.join();
    }
  }

  @Test
  void closeWaitsForOperationsInFlight() {
    IoFile f = open("close", OpenFlag.CREATE, OpenFlag.DIRECT);
    Promise<Void> w = queue.writeAndSync(f, 0, page(4), true);
    queue.close();
    assertEquals(4L * PAGE, w.getLong());
    queue.close();
    assertThrows(IllegalStateException.class, () -> queue.poll());
    queue = null;
  }

  @Test
  void promisesCompleteOnTheOwnerThread() {
    IoFile f = open("owner", OpenFlag.CREATE);
    Thread[] completedOn = new Thread[1];
    Promise<Void> p = queue.write(f, 0, page(1));
    p.onComplete(done -> completedOn[0] = Thread.currentThread());
    queue.await(p);
    assertEquals(Thread.currentThread(), completedOn[0]);
  }

  @Test
  void pollAloneCompletesOperationsAndIdlePollsMakeNoSystemCall() throws Exception {
    UringQueue q = queue;
    System.out.println("ring setup flags 0x" + Integer.toHexString(q.ringSetupFlags()) + ": " + q);
    IoFile f = open("poll", OpenFlag.CREATE, OpenFlag.DIRECT);
    Promise<Void> p = queue.write(f, 0, page(1));
    while (!p.isDone()) {
      queue.poll();
      Thread.sleep(1);
    }
    assertEquals(PAGE, p.getLong());
    queue.poll();
    long enters = queue.stats().enterCalls();
    for (int i = 0; i < 1000; i++) {
      assertEquals(0, queue.poll());
    }
    if ((q.ringSetupFlags() & UringAbi.IORING_SETUP_TASKRUN_FLAG) != 0) {
      assertEquals(enters, queue.stats().enterCalls(), "idle polls entered the kernel");
    }
  }

  /** The first write is cut at the limit; the rest is resubmitted at the right offset and fails with EFBIG. */
  @ParameterizedTest(name = "kind={0}")
  @ValueSource(strings = {"write", "writev", "writeAndSync"})
  @SuppressWarnings("try") // the limit acts by existing
  void shortWritesAreResubmittedForTheRest(String kind) throws Throwable {
    IoFile f = open("short-" + kind, OpenFlag.CREATE);
    MemorySegment a = page(2);
    MemorySegment b = page(2);
    Promise<Void> p;
    try (FileSizeLimit limit = new FileSizeLimit(3L * PAGE + 100)) {
      p = switch (kind) {
        case "write" -> queue.write(f, 0, page(4));
        case "writev" -> queue.writev(f, 0, a, b);
        default -> queue.writeAndSync(f, 0, page(4), true);
      };
      queue.await(p);
    }
    StorageIoException e = assertInstanceOf(StorageIoException.class, p.failure());
    assertEquals(Errno.EFBIG, e.errno(), e.getMessage());
    assertTrue(e.getMessage().contains("at offset " + (3L * PAGE + 100) + ", " + (PAGE - 100) + " bytes"),
        e.getMessage());
    assertEquals(3L * PAGE + 100, engine.size(f));
    assertEquals(0, queue.inFlight());
  }

  @Test
  void writevAdvanceSkipsWrittenBuffersAndTrimsTheFirstPartOne() {
    UringOp op = new UringOp(0);
    op.kind = UringOp.WRITEV;
    op.iovecs = arena.allocate(UringAbi.IOVEC_BYTES * 3, 8);
    long[] lengths = {100, 200, 300};
    for (int i = 0; i < 3; i++) {
      op.iovecs.set(ValueLayout.JAVA_LONG, 16L * i, 1000L * (i + 1));
      op.iovecs.set(ValueLayout.JAVA_LONG, 16L * i + 8, lengths[i]);
    }
    op.iovCount = 3;
    op.remainingBytes = 600;
    UringQueue.advance(op, 150);
    assertEquals(1, op.iovFirst);
    assertEquals(2050, op.iovecs.get(ValueLayout.JAVA_LONG, 16));
    assertEquals(150, op.iovecs.get(ValueLayout.JAVA_LONG, 24));
    assertEquals(450, op.remainingBytes);
    assertEquals(150, op.offset);
    UringQueue.advance(op, 150);
    assertEquals(2, op.iovFirst);
    assertEquals(3000, op.iovecs.get(ValueLayout.JAVA_LONG, 32));
    assertEquals(300, op.iovecs.get(ValueLayout.JAVA_LONG, 40));
  }

  @Test
  void listenersMayStartOperationsWhileCompletionsAreProcessed() {
    IoFile f = open("chain", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment buf = page(1);
    int links = 20;
    Promise<Void> last = new Promise<>(loop);
    chain(f, buf, 0, links, last);
    queue.await(last);
    assertEquals((long) links * PAGE, engine.size(f));
  }

  private void chain(IoFile f, MemorySegment buf, int i, int links, Promise<Void> last) {
    queue.write(f, (long) i * PAGE, buf).onComplete(p -> {
      if (p.isFailed()) {
        last.fail(p.failure());
      } else if (i + 1 == links) {
        last.complete(null);
      } else {
        chain(f, buf, i + 1, links, last);
      }
    });
  }

  @Test
  void closeCancelsAnOperationThatNeverCompletes() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
    // O_RDWR on a FIFO does not block on Linux; the read then waits for a writer forever.
    IoFile f = open("fifo", OpenFlag.WRITE);
    Promise<Void> stuck = queue.read(f, 0, page(1));
    queue.poll();
    (queue).close(50_000_000L);
    queue = null;
    StorageIoException e = assertInstanceOf(StorageIoException.class, stuck.failure());
    assertEquals(Errno.ECANCELED, e.errno(), e.getMessage());
    assertEquals(fifo, e.path());
  }

  @Test
  @Timeout(30)
  void plainSetupWithoutDeferredTaskRunWorks() throws Exception {
    UringQueue plain = new UringQueue(loop, 7, 16, 0);
    try {
      assertEquals(0, plain.ringSetupFlags());
      IoFile f = open("plain", OpenFlag.CREATE, OpenFlag.DIRECT);
      MemorySegment src = page(2);
      fill(src, new Random(5));
      assertEquals(2L * PAGE, plain.await(plain.writeAndSync(f, 0, src, true)).getLong());
      MemorySegment back = page(2);
      assertEquals(2L * PAGE, plain.await(plain.read(f, 0, back)).getLong());
      assertEquals(-1, src.mismatch(back));
      plain.wake();
      plain.sleep(3_600_000_000_000L);
      Thread waker = new Thread(() -> {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
        plain.wake();
      });
      waker.start();
      plain.sleep(3_600_000_000_000L);
      waker.join();
    } finally {
      plain.close();
    }
  }

  @Test
  void registeredBuffersAreUsedForTransfersInsideThem() {
    UringQueue q = queue;
    MemorySegment region = page(8);
    q.registerBuffers(region);
    assertThrows(IllegalStateException.class, () -> q.registerBuffers(page(1)));
    IoFile f = open("fixed", OpenFlag.CREATE, OpenFlag.DIRECT);
    Random random = new Random(6);
    MemorySegment out = region.asSlice(0, 4L * PAGE);
    fill(out, random);
    MemorySegment in = region.asSlice(4L * PAGE, 4L * PAGE);
    assertEquals(4L * PAGE, queue.await(queue.writeAndSync(f, 0, out, true)).getLong());
    assertEquals(4L * PAGE, queue.await(queue.read(f, 0, in)).getLong());
    assertEquals(-1, out.mismatch(in));
    assertEquals(2, q.fixedIssued());
    MemorySegment outside = page(1);
    assertEquals(PAGE, queue.await(queue.read(f, PAGE, outside)).getLong());
    assertEquals(-1, out.asSlice(PAGE, PAGE).mismatch(outside));
    assertEquals(2, q.fixedIssued());
  }

  /** A registered region stays reachable for the queue's life, though the caller drops its reference. */
  @Test
  void aRegisteredRegionStaysReachable() {
    WeakReference<MemorySegment> ref = registerUnreferencedRegion(queue);
    for (int i = 0; i < GC_ROUNDS; i++) {
      System.gc();
    }
    assertTrue(ref.get() != null, "a registered region was collected while the queue is open");
  }

  private static WeakReference<MemorySegment> registerUnreferencedRegion(UringQueue q) {
    MemorySegment region = Arena.ofAuto().allocate(2L * PAGE, PAGE);
    q.registerBuffers(region);
    return new WeakReference<>(region);
  }

  /**
   * Random writes (plain, vectored, with sync) of distinct pages, many in flight on a small ring so that the
   * SQ fills and operations wait in the backlog; then every page is read back at once and checked.
   */
  @ParameterizedTest(name = "ringEntries={0}")
  @ValueSource(ints = {8, 256})
  void randomMixOfOperationsInFlight(int ringEntries) {
    Random random = new Random(seed());
    int pages = 300;
    UringQueue q = new UringQueue(loop, 3, ringEntries, Ring.SETUP_FLAGS_PREFERRED);
    try {
      IoFile f = open("mix", OpenFlag.CREATE, OpenFlag.DIRECT);
      MemorySegment src = page(pages);
      fill(src, random);
      List<Promise<Void>> all = new ArrayList<>();
      for (int i = 0; i < pages; ) {
        int run = Math.min(pages - i, 1 + random.nextInt(3));
        long offset = (long) i * PAGE;
        MemorySegment part = src.asSlice(offset, (long) run * PAGE);
        all.add(switch (random.nextInt(3)) {
          case 0 -> q.write(f, offset, part);
          case 1 -> q.writeAndSync(f, offset, part, random.nextBoolean());
          default -> q.writev(f, offset, split(part));
        });
        i += run;
      }
      for (Promise<Void> p : all) {
        q.await(p).getLong();
      }
      MemorySegment back = page(pages);
      List<Promise<Void>> reads = new ArrayList<>();
      for (int i = 0; i < pages; i++) {
        reads.add(q.read(f, (long) i * PAGE, back.asSlice((long) i * PAGE, PAGE)));
      }
      for (Promise<Void> p : reads) {
        assertEquals(PAGE, q.await(p).getLong());
      }
      assertEquals(-1, src.mismatch(back));
      IoQueueStats stats = q.stats();
      assertEquals(stats.submitted(), stats.completed(), stats.toString());
      assertEquals(all.size() + pages, stats.completed());
    } finally {
      q.close();
    }
  }

  private static MemorySegment[] split(MemorySegment run) {
    int n = (int) (run.byteSize() / PAGE);
    MemorySegment[] parts = new MemorySegment[n];
    for (int i = 0; i < n; i++) {
      parts[i] = run.asSlice((long) i * PAGE, PAGE);
    }
    return parts;
  }

  /** Two shards, each with its own ring on its own thread, working at once and waking each other. */
  @Test
  @Timeout(60)
  void queuesOnSeveralThreadsAreIndependent() throws Exception {
    int shards = 2;
    IoQueue[] queues = new IoQueue[shards];
    java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(shards);
    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    Thread[] threads = new Thread[shards];
    for (int s = 0; s < shards; s++) {
      int shard = s;
      threads[s] = new Thread(() -> {
        ThreadLoop own = new ThreadLoop();
        try (Arena mine = Arena.ofConfined()) {
          IoQueue q = engine.open(own, shard);
          queues[shard] = q;
          opened.countDown();
          opened.await();
          IoFile f = engine.open(dir.resolve("shard" + shard), OpenFlag.CREATE, OpenFlag.DIRECT);
          MemorySegment buf = mine.allocate(PAGE, PAGE);
          MemorySegment back = mine.allocate(PAGE, PAGE);
          for (int i = 0; i < 200; i++) {
            buf.fill((byte) (i + shard));
            q.await(q.write(f, (long) (i % 16) * PAGE, buf)).getLong();
            q.await(q.read(f, (long) (i % 16) * PAGE, back)).getLong();
            assertEquals(-1, buf.mismatch(back));
            queues[(shard + 1) % shards].wake();
            q.sleep(1_000_000L);
          }
          engine.close(f);
          q.close();
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
          opened.countDown();
        }
      }, "shard-" + s);
      threads[s].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }
}
