package dev.cascade.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.runtime.ThreadLoop;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of {@link IoEngine} and {@link IoQueue}, run against every engine by a subclass per engine. Uses
 * only the interfaces, {@link SyncIo} and a {@link ThreadLoop}, so that any engine can be plugged in. Randomized
 * cases are seeded: the seed is printed, and {@code -Dseed=} replays it.
 */
public abstract class IoEngineConformanceTest {
  protected static final int PAGE = IoEngine.ALIGNMENT_BYTES;
  /** Pages in the file of the random round-trip tests. */
  private static final int ROUND_TRIP_PAGES = 64;
  private static final int ROUND_TRIP_WRITES = 40;
  private static final long HOUR_NANOS = TimeUnit.HOURS.toNanos(1);

  @TempDir protected Path dir;
  protected IoEngine engine;
  protected SyncIo io;
  protected Arena arena;
  protected long seed;
  protected Random random;

  /** A fresh engine for one test; closed after it. */
  protected abstract IoEngine newEngine();

  @BeforeEach
  void setUpEngine(TestInfo info) {
    engine = newEngine();
    io = new SyncIo(engine);
    arena = Arena.ofShared();
    seed = TestSeeds.seed(getClass().getSimpleName() + "." + info.getDisplayName());
    random = new Random(seed);
  }

  @AfterEach
  void tearDownEngine() {
    io.close();
    engine.close();
    arena.close();
  }

  // ---------------------------------------------------------------- helpers

  /** An aligned native buffer of {@code bytes}, zeroed. */
  protected MemorySegment buffer(long bytes) {
    return arena.allocate(bytes, PAGE);
  }

  protected MemorySegment randomBuffer(long bytes) {
    MemorySegment s = buffer(bytes);
    byte[] b = new byte[(int) bytes];
    random.nextBytes(b);
    MemorySegment.copy(b, 0, s, ValueLayout.JAVA_BYTE, 0, b.length);
    return s;
  }

  protected MemorySegment filled(long bytes, int value) {
    return buffer(bytes).fill((byte) value);
  }

  protected static byte[] bytes(MemorySegment s) {
    return s.toArray(ValueLayout.JAVA_BYTE);
  }

  protected byte[] readAll(IoFile file, int capacity) {
    MemorySegment dst = buffer(capacity);
    long n = io.read(file, 0, dst);
    return bytes(dst.asSlice(0, n));
  }

  /** Runs {@code call}, which must fail like the kernel would: right path, errno, and a message naming both. */
  protected static StorageIoException assertIoError(Path path, int errno, Executable call) {
    StorageIoException e = assertThrows(StorageIoException.class, call);
    assertEquals(path, e.path(), e.getMessage());
    assertEquals(errno, e.errno(), e.getMessage());
    assertFalse(e.operation() == null || e.operation().isBlank(), e.getMessage());
    assertTrue(e.getMessage().contains(e.operation()), e.getMessage());
    assertTrue(e.getMessage().contains(Errno.name(errno)), e.getMessage());
    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    return e;
  }

  private IoFile open(String name, OpenFlag... flags) {
    return engine.open(dir.resolve(name), flags);
  }

  // ---------------------------------------------------------------- data path

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {true, false})
  void roundTripsAtRandomAlignedOffsets(boolean direct) {
    IoFile f = direct ? open("rt", OpenFlag.CREATE, OpenFlag.DIRECT) : open("rt", OpenFlag.CREATE);
    assertEquals(direct, f.direct());
    assertTrue(f.writable());
    byte[] model = new byte[ROUND_TRIP_PAGES * PAGE];
    long end = 0;
    for (int i = 0; i < ROUND_TRIP_WRITES; i++) {
      int pages = 1 + random.nextInt(4);
      long offset = (long) random.nextInt(ROUND_TRIP_PAGES - pages + 1) * PAGE;
      MemorySegment src = randomBuffer((long) pages * PAGE);
      assertEquals(src.byteSize(), io.write(f, offset, src));
      System.arraycopy(bytes(src), 0, model, (int) offset, (int) src.byteSize());
      end = Math.max(end, offset + src.byteSize());
    }
    assertEquals(end, engine.size(f));
    byte[] whole = readAll(f, model.length);
    assertEquals(end, whole.length);
    assertArrayEquals(Arrays.copyOf(model, (int) end), whole);
    for (int i = 0; i < ROUND_TRIP_WRITES; i++) {
      long offset = (long) random.nextInt((int) (end / PAGE)) * PAGE;
      MemorySegment dst = buffer(PAGE);
      assertEquals(PAGE, io.read(f, offset, dst));
      assertArrayEquals(Arrays.copyOfRange(model, (int) offset, (int) offset + PAGE), bytes(dst));
    }
    engine.close(f);
  }

  @Test
  void bufferedFilesTakeUnalignedOffsetsAndLengths() {
    IoFile f = open("unaligned", OpenFlag.CREATE);
    byte[] model = new byte[3 * PAGE + 100];
    for (int i = 0; i < ROUND_TRIP_WRITES; i++) {
      int length = 1 + random.nextInt(PAGE + 1);
      int offset = random.nextInt(model.length - length + 1);
      MemorySegment src = randomBuffer(length + 1).asSlice(1, length);
      io.write(f, offset, src);
      System.arraycopy(bytes(src), 0, model, offset, length);
    }
    byte[] whole = readAll(f, model.length + PAGE);
    assertArrayEquals(Arrays.copyOf(model, whole.length), whole);
    engine.close(f);
  }

  @Test
  void readsAreShortOnlyAtEndOfFile() {
    IoFile f = open("short", OpenFlag.CREATE);
    io.write(f, 0, randomBuffer(5000));
    assertEquals(5000, io.read(f, 0, buffer(2 * PAGE)));
    assertEquals(5000 - PAGE, io.read(f, PAGE, buffer(PAGE)));
    assertEquals(0, io.read(f, 5000, buffer(PAGE)));
    assertEquals(0, io.read(f, 1 << 20, buffer(PAGE)));
    engine.close(f);
  }

  @Test
  void directReadsAreShortOnlyAtEndOfFile() {
    IoFile f = open("short-direct", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = randomBuffer(2 * PAGE);
    io.write(f, 0, src);
    engine.truncate(f, 5000);
    assertEquals(5000, engine.size(f));
    MemorySegment dst = buffer(2 * PAGE);
    assertEquals(5000, io.read(f, 0, dst));
    assertArrayEquals(bytes(src.asSlice(0, 5000)), bytes(dst.asSlice(0, 5000)));
    assertEquals(5000 - PAGE, io.read(f, PAGE, buffer(PAGE)));
    assertEquals(0, io.read(f, 2 * PAGE, buffer(PAGE)));
    engine.close(f);
  }

  @Test
  void writevWritesBuffersBackToBack() {
    IoFile f = open("writev", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment a = randomBuffer(PAGE);
    MemorySegment b = randomBuffer(2 * PAGE);
    MemorySegment c = randomBuffer(PAGE);
    assertEquals(4 * PAGE, io.writev(f, 2 * PAGE, a, b, c));
    assertEquals(6 * PAGE, engine.size(f));
    byte[] whole = readAll(f, 6 * PAGE);
    assertArrayEquals(new byte[2 * PAGE], Arrays.copyOf(whole, 2 * PAGE));
    assertArrayEquals(bytes(a), Arrays.copyOfRange(whole, 2 * PAGE, 3 * PAGE));
    assertArrayEquals(bytes(b), Arrays.copyOfRange(whole, 3 * PAGE, 5 * PAGE));
    assertArrayEquals(bytes(c), Arrays.copyOfRange(whole, 5 * PAGE, 6 * PAGE));
    engine.close(f);
  }

  @ParameterizedTest(name = "dataOnly={0}")
  @ValueSource(booleans = {true, false})
  void writeAndSyncAndSyncComplete(boolean dataOnly) {
    IoFile f = open("sync", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = randomBuffer(2 * PAGE);
    assertEquals(2 * PAGE, io.writeAndSync(f, 0, src, dataOnly));
    io.write(f, 2 * PAGE, randomBuffer(PAGE));
    io.sync(f, dataOnly);
    assertEquals(3 * PAGE, engine.size(f));
    assertArrayEquals(bytes(src), Arrays.copyOf(readAll(f, 3 * PAGE), 2 * PAGE));
    assertTrue(io.stats().completed() >= 3, io.stats().toString());
    engine.close(f);
  }

  @Test
  void truncateCutsAndExtendsWithZeros() {
    IoFile f = open("trunc", OpenFlag.CREATE);
    io.write(f, 0, filled(3 * PAGE, 0xAB));
    engine.truncate(f, 5000);
    assertEquals(5000, engine.size(f));
    engine.truncate(f, 3 * PAGE);
    assertEquals(3 * PAGE, engine.size(f));
    byte[] whole = readAll(f, 4 * PAGE);
    byte[] expected = new byte[3 * PAGE];
    Arrays.fill(expected, 0, 5000, (byte) 0xAB);
    assertArrayEquals(expected, whole);
    engine.close(f);
  }

  @Test
  void preallocateZeroFillsTheRange() {
    IoFile f = open("prealloc", OpenFlag.CREATE, OpenFlag.DIRECT);
    io.write(f, 0, filled(PAGE, 0xFF));
    engine.preallocate(f, 0, 3 * PAGE);
    assertEquals(3 * PAGE, engine.size(f));
    engine.preallocate(f, 4 * PAGE, 2 * PAGE);
    assertEquals(6 * PAGE, engine.size(f));
    assertArrayEquals(new byte[6 * PAGE], readAll(f, 6 * PAGE));
    assertThrows(IllegalArgumentException.class, () -> engine.preallocate(f, 100, PAGE));
    engine.close(f);
  }

  /** The engine is thread-safe: threads with their own queues work on their own files at the same time. */
  @Test
  @Timeout(60)
  void severalThreadsWithTheirOwnQueues() throws Exception {
    final int threads = 3;
    final int pages = 32;
    List<Thread> workers = new ArrayList<>();
    Throwable[] failures = new Throwable[threads];
    for (int t = 0; t < threads; t++) {
      int index = t;
      long threadSeed = seed + t;
      workers.add(new Thread(() -> {
        try (SyncIo own = new SyncIo(engine)) {
          writeAndCheck(own, dir.resolve("thread-" + index), pages, new Random(threadSeed));
        } catch (Throwable e) {
          failures[index] = e;
        }
      }, "io-" + t));
    }
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join();
    }
    for (Throwable failure : failures) {
      if (failure != null) {
        throw new AssertionError(failure);
      }
    }
  }

  private void writeAndCheck(SyncIo own, Path path, int pages, Random rnd) {
    IoFile f = engine.open(path, OpenFlag.CREATE, OpenFlag.DIRECT);
    byte[] model = new byte[pages * PAGE];
    rnd.nextBytes(model);
    MemorySegment src = buffer(PAGE);
    for (int p = 0; p < pages; p++) {
      MemorySegment.copy(model, p * PAGE, src, ValueLayout.JAVA_BYTE, 0, PAGE);
      own.write(f, (long) p * PAGE, src);
    }
    own.sync(f, true);
    MemorySegment dst = buffer(model.length);
    assertEquals(model.length, own.read(f, 0, dst));
    assertArrayEquals(model, bytes(dst));
    engine.close(f);
  }

  // ---------------------------------------------------------------- file system

  @Test
  void directoryOperations() {
    Path sub = dir.resolve("a").resolve("b");
    engine.createDirectories(sub);
    assertTrue(engine.exists(sub));
    for (String name : List.of("c", "a", "b")) {
      engine.close(engine.open(sub.resolve(name), OpenFlag.CREATE_NEW));
    }
    engine.syncDirectory(sub);
    assertEquals(List.of(Path.of("a"), Path.of("b"), Path.of("c")), engine.list(sub));
    engine.rename(sub.resolve("a"), sub.resolve("z"));
    engine.rename(sub.resolve("b"), sub.resolve("c"));
    assertFalse(engine.exists(sub.resolve("a")));
    assertEquals(List.of(Path.of("c"), Path.of("z")), engine.list(sub));
    engine.delete(sub.resolve("z"));
    engine.delete(sub.resolve("z"));
    engine.syncDirectory(sub);
    assertEquals(List.of(Path.of("c")), engine.list(sub));
  }

  @Test
  void renameReplacesTheTargetWithTheSourceContent() {
    IoFile a = open("a", OpenFlag.CREATE);
    MemorySegment content = randomBuffer(100);
    io.write(a, 0, content);
    engine.close(a);
    engine.close(open("b", OpenFlag.CREATE));
    engine.rename(dir.resolve("a"), dir.resolve("b"));
    IoFile b = open("b");
    assertFalse(b.writable());
    assertArrayEquals(bytes(content), readAll(b, PAGE));
    engine.close(b);
  }

  // ---------------------------------------------------------------- errors

  @Test
  void createNewOnAnExistingFileFailsWithEexist() {
    engine.close(open("x", OpenFlag.CREATE));
    assertIoError(dir.resolve("x"), Errno.EEXIST, () -> open("x", OpenFlag.CREATE_NEW));
  }

  @Test
  void openOfAMissingFileFailsWithEnoent() {
    assertIoError(dir.resolve("missing"), Errno.ENOENT, () -> open("missing"));
    assertIoError(dir.resolve("no/such/dir"), Errno.ENOENT, () -> open("no/such/dir", OpenFlag.CREATE));
  }

  @Test
  void fileSystemOperationsOnMissingPathsFailWithEnoent() {
    Path missing = dir.resolve("missing");
    assertIoError(missing, Errno.ENOENT, () -> engine.rename(missing, dir.resolve("other")));
    assertIoError(missing, Errno.ENOENT, () -> engine.syncDirectory(missing));
    assertIoError(missing, Errno.ENOENT, () -> engine.list(missing));
  }

  @Test
  void writeToAReadOnlyHandleFails() {
    engine.close(open("ro", OpenFlag.CREATE));
    IoFile f = open("ro", OpenFlag.READ);
    assertFalse(f.writable());
    assertIoError(f.path(), Errno.EBADF, () -> io.write(f, 0, buffer(PAGE)));
    assertIoError(f.path(), Errno.EBADF, () -> io.writeAndSync(f, 0, buffer(PAGE), true));
    assertEquals(0, engine.size(f));
    engine.close(f);
  }

  /** Both engines name a failure by the same operation: {@link IoOp}'s names, not their own system calls. */
  @Test
  void sizeAndPreallocateFailuresCarryTheSameOperationNames() {
    engine.close(open("names", OpenFlag.CREATE));
    IoFile readOnly = open("names", OpenFlag.READ);
    StorageIoException prealloc = assertIoError(readOnly.path(), Errno.EBADF, () -> engine.preallocate(readOnly, 0, PAGE));
    assertEquals(IoOp.PREALLOCATE.operationName(), prealloc.operation());
    engine.close(readOnly);
    StorageIoException size = assertIoError(readOnly.path(), Errno.EBADF, () -> engine.size(readOnly));
    assertEquals(IoOp.SIZE_OPERATION, size.operation());
  }

  /**
   * The limits of {@link IoQueue} hold in every engine: a call over them is refused before it does anything.
   * The oversized buffer is a native segment of no memory of its own; it is never touched.
   */
  @Test
  void transfersOverTheQueueLimitsAreRefused() {
    IoFile f = open("limits", OpenFlag.CREATE);
    MemorySegment[] tooMany = new MemorySegment[IoQueue.WRITEV_BUFFERS_MAX + 1];
    Arrays.fill(tooMany, buffer(PAGE));
    IllegalArgumentException buffers = assertThrows(IllegalArgumentException.class, () -> io.writev(f, 0, tooMany));
    assertTrue(buffers.getMessage().contains("WRITEV_BUFFERS_MAX"), buffers.getMessage());
    MemorySegment[] most = Arrays.copyOf(tooMany, IoQueue.WRITEV_BUFFERS_MAX);
    assertEquals((long) IoQueue.WRITEV_BUFFERS_MAX * PAGE, io.writev(f, 0, most));
    MemorySegment huge = MemorySegment.NULL.reinterpret(IoQueue.TRANSFER_BYTES_MAX + PAGE);
    IllegalArgumentException bytes = assertThrows(IllegalArgumentException.class, () -> io.write(f, 0, huge));
    assertTrue(bytes.getMessage().contains("TRANSFER_BYTES_MAX"), bytes.getMessage());
    assertThrows(IllegalArgumentException.class, () -> io.writeAndSync(f, 0, huge, true));
    assertEquals((long) IoQueue.WRITEV_BUFFERS_MAX * PAGE, engine.size(f));
    engine.close(f);
  }

  /** A failed read or write names where it failed, in the same words in every engine. */
  @Test
  void failedReadsAndWritesNameTheirOffset() {
    engine.close(open("ro", OpenFlag.CREATE));
    IoFile readOnly = open("ro", OpenFlag.READ);
    StorageIoException write = assertIoError(readOnly.path(), Errno.EBADF, () -> io.write(readOnly, PAGE, buffer(PAGE)));
    assertEquals(IoOp.WRITE.operationName(), write.operation());
    assertTrue(write.getMessage().contains("at offset " + PAGE + ", " + PAGE + " bytes"), write.getMessage());
    engine.close(readOnly);
    Path sub = dir.resolve("sub");
    engine.createDirectories(sub);
    IoFile directory = engine.open(sub, OpenFlag.READ);
    StorageIoException read = assertIoError(sub, Errno.EISDIR, () -> io.read(directory, PAGE, buffer(PAGE)));
    assertEquals(IoOp.READ.operationName(), read.operation());
    assertTrue(read.getMessage().contains("at offset " + PAGE + ", " + PAGE + " bytes"), read.getMessage());
    engine.close(directory);
  }

  @Test
  void useOfAClosedFileFailsAndCloseTwiceIsHarmless() {
    IoFile f = open("closed", OpenFlag.CREATE);
    engine.close(f);
    engine.close(f);
    assertIoError(f.path(), Errno.EBADF, () -> io.read(f, 0, buffer(PAGE)));
    assertIoError(f.path(), Errno.EBADF, () -> io.write(f, 0, buffer(PAGE)));
  }

  // ---------------------------------------------------------------- queue

  /** Many operations in flight at once, driven by poll and sleep as a shard would. */
  @Test
  @Timeout(60)
  void queueCompletesManyOperationsInFlight() {
    final int ops = 16;
    IoFile f = open("async", OpenFlag.CREATE, OpenFlag.DIRECT);
    try (IoQueue q = engine.open(new ThreadLoop(), 0)) {
      assertEquals(engine.kind(), q.kind());
      List<MemorySegment> written = new ArrayList<>();
      Promise<?>[] writes = new Promise<?>[ops];
      for (int i = 0; i < ops; i++) {
        MemorySegment src = randomBuffer(PAGE);
        written.add(src);
        writes[i] = q.write(f, (long) i * PAGE, src);
      }
      drive(q, writes);
      MemorySegment[] dsts = new MemorySegment[ops];
      Promise<?>[] reads = new Promise<?>[ops];
      for (int i = ops - 1; i >= 0; i--) {
        dsts[i] = buffer(PAGE);
        reads[i] = q.read(f, (long) i * PAGE, dsts[i]);
      }
      drive(q, reads);
      for (int i = 0; i < ops; i++) {
        assertEquals(PAGE, writes[i].getLong());
        assertEquals(PAGE, reads[i].getLong());
        assertArrayEquals(bytes(written.get(i)), bytes(dsts[i]));
      }
      Promise<Void> sync = q.sync(f, true);
      drive(q, sync);
      assertEquals(0, q.inFlight());
      assertTrue(q.stats().completed() >= 2 * ops + 1, q.stats().toString());
    }
    engine.close(f);
  }

  private static void drive(IoQueue q, Promise<?>... promises) {
    q.await(Promise.all(promises[0].loop(), promises)).getLong();
  }

  @Test
  @Timeout(60)
  void wakeFromAnotherThreadEndsALongSleep() throws InterruptedException {
    try (IoQueue q = engine.open(new ThreadLoop(), 0)) {
      Thread sleeper = Thread.currentThread();
      Thread waker = new Thread(() -> wakeOnceAsleep(q, sleeper), "waker");
      waker.start();
      q.sleep(HOUR_NANOS);
      waker.join();
    }
  }

  /** Waits (bounded) until the sleeper looks asleep, so that the wake usually hits a sleep in progress. */
  private static void wakeOnceAsleep(IoQueue q, Thread sleeper) {
    for (int i = 0; i < 200 && sleeper.getState() == Thread.State.RUNNABLE; i++) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    q.wake();
  }

  @Test
  @Timeout(60)
  void wakeBeforeSleepIsNotLost() {
    try (IoQueue q = engine.open(new ThreadLoop(), 0)) {
      q.wake();
      q.wake();
      q.sleep(HOUR_NANOS);
      assertEquals(0, q.inFlight());
    }
  }
}
