package dev.cascade.engine.io.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code writeAndSync} on io_uring: one RWF_DSYNC / RWF_SYNC write on O_DIRECT files whose earlier writes are
 * all synced, a WRITE linked to an FSYNC otherwise (buffered files, files with unsynced writes); both return
 * the byte count and leave the data readable. Also {@link UringQueue#await}'s single enter per wait.
 */
@Timeout(60)
class UringWriteAndSyncTest extends UringTestFixture {
  private MemorySegment pages(int n, long seed) {
    MemorySegment s = arena.allocate((long) n * PAGE, PAGE);
    Random random = new Random(seed);
    for (long i = 0; i < s.byteSize(); i += 8) {
      s.set(ValueLayout.JAVA_LONG, i, random.nextLong());
    }
    return s;
  }

  private void assertFileHolds(IoFile f, long offset, MemorySegment expected) {
    MemorySegment back = arena.allocate(expected.byteSize(), PAGE);
    assertEquals(expected.byteSize(), queue.await(queue.read(f, offset, back)).getLong());
    assertEquals(-1, expected.mismatch(back));
  }

  @ParameterizedTest(name = "dataOnly={0}")
  @ValueSource(booleans = {true, false})
  void onADirectFileItIsOneSyncedWrite(boolean dataOnly) {
    IoFile f = open("direct", OpenFlag.CREATE, OpenFlag.DIRECT);
    long submitted = queue.stats().submitted();
    for (int i = 0; i < 4; i++) {
      MemorySegment src = pages(2, i);
      assertEquals(2L * PAGE, queue.await(queue.writeAndSync(f, 2L * PAGE * i, src, dataOnly)).getLong());
      assertFileHolds(f, 2L * PAGE * i, src);
    }
    assertEquals(4, queue.syncedWritesIssued());
    assertEquals(submitted + 8, queue.stats().submitted()); // 4 writes, 4 reads: no separate fsync
    assertEquals(8L * PAGE, engine.size(f));
  }

  /** Both forms of the linked pair: one CQE (the write with IOSQE_CQE_SKIP_SUCCESS) and two. */
  @ParameterizedTest(name = "dataOnly={0}, skipWriteCqe={1}")
  @CsvSource({"true,true", "false,true", "true,false", "false,false"})
  void onABufferedFileItIsAWriteLinkedToAnFsync(boolean dataOnly, boolean skipWriteCqe) {
    Assumptions.assumeTrue(!skipWriteCqe || queue.skipLinkedWriteCqe, "kernel without IORING_FEAT_CQE_SKIP");
    queue.skipLinkedWriteCqe = skipWriteCqe;
    IoFile f = open("buffered", OpenFlag.CREATE);
    for (int i = 0; i < 3; i++) {
      MemorySegment src = pages(1, 10 + i);
      assertEquals(PAGE, queue.await(queue.writeAndSync(f, (long) PAGE * i, src, dataOnly)).getLong());
      assertFileHolds(f, (long) PAGE * i, src);
    }
    assertEquals(0, queue.syncedWritesIssued());
    assertEquals(0, queue.inFlight());
    // Zero bytes: still a write and an fsync.
    assertEquals(0, queue.await(queue.writeAndSync(f, 0, arena.allocate(0), dataOnly)).getLong());
  }

  /**
   * A linked pair cut short by RLIMIT_FSIZE, in both CQE forms: the kernel cancels the fsync (silently with
   * CQE_SKIP_SUCCESS on the write), the rest is resubmitted as a new pair and fails with EFBIG.
   */
  @ParameterizedTest(name = "skipWriteCqe={0}")
  @ValueSource(booleans = {true, false})
  @SuppressWarnings("try") // the limit acts by existing
  void aShortLinkedWriteIsResubmittedAsANewPair(boolean skipWriteCqe) throws Throwable {
    Assumptions.assumeTrue(!skipWriteCqe || queue.skipLinkedWriteCqe, "kernel without IORING_FEAT_CQE_SKIP");
    queue.skipLinkedWriteCqe = skipWriteCqe;
    IoFile f = open("short-linked", OpenFlag.CREATE);
    Promise<Void> p;
    try (FileSizeLimit limit = new FileSizeLimit(3L * PAGE + 100)) {
      p = queue.writeAndSync(f, 0, pages(4, 13), true);
      queue.await(p);
    }
    StorageIoException e = assertInstanceOf(StorageIoException.class, p.failure());
    assertEquals(Errno.EFBIG, e.errno(), e.getMessage());
    assertTrue(e.getMessage().contains("at offset " + (3L * PAGE + 100) + ", " + (PAGE - 100) + " bytes"),
        e.getMessage());
    assertEquals(0, queue.inFlight());
    // The queue's CQE accounting is intact: many more pairs go through.
    for (int i = 0; i < 300; i++) {
      assertEquals(PAGE, queue.await(queue.writeAndSync(f, 0, pages(1, i), true)).getLong());
    }
  }

  /** A plain write leaves data no sync covers: the next writeAndSync must fsync the file, the one after need not. */
  @Test
  void anUnsyncedWriteMakesTheNextWriteAndSyncSyncTheFile() {
    IoFile f = open("mixed", OpenFlag.CREATE, OpenFlag.DIRECT);
    UringFile uf = (UringFile) f;
    MemorySegment a = pages(1, 1);
    MemorySegment b = pages(1, 2);
    MemorySegment c = pages(1, 3);
    assertTrue(uf.allWritesSynced());
    assertEquals(PAGE, queue.await(queue.write(f, 0, a)).getLong());
    assertFalse(uf.allWritesSynced());
    assertEquals(PAGE, queue.await(queue.writeAndSync(f, PAGE, b, true)).getLong());
    assertEquals(0, queue.syncedWritesIssued(), "linked write and fsync expected");
    assertTrue(uf.allWritesSynced(), "the linked fsync covers the earlier write");
    assertEquals(PAGE, queue.await(queue.writeAndSync(f, 2L * PAGE, c, true)).getLong());
    assertEquals(1, queue.syncedWritesIssued());

    // An explicit sync covers plain writes as well.
    assertEquals(PAGE, queue.await(queue.write(f, 3L * PAGE, a)).getLong());
    assertEquals(PAGE, queue.await(queue.writev(f, 4L * PAGE, b)).getLong());
    assertFalse(uf.allWritesSynced());
    assertEquals(0, queue.await(queue.sync(f, true)).getLong());
    assertTrue(uf.allWritesSynced());
    assertEquals(PAGE, queue.await(queue.writeAndSync(f, 5L * PAGE, c, false)).getLong());
    assertEquals(2, queue.syncedWritesIssued());

    assertFileHolds(f, 0, a);
    assertFileHolds(f, PAGE, b);
    assertFileHolds(f, 2L * PAGE, c);
    assertFileHolds(f, 3L * PAGE, a);
    assertFileHolds(f, 4L * PAGE, b);
    assertFileHolds(f, 5L * PAGE, c);
  }

  /** A sync started while a plain write is in flight does not count as covering it. */
  @Test
  void aSyncIssuedWithAWriteInFlightDoesNotCoverIt() {
    IoFile f = open("inflight", OpenFlag.CREATE, OpenFlag.DIRECT);
    UringFile uf = (UringFile) f;
    Promise<Void> w = queue.write(f, 0, pages(1, 5));
    Promise<Void> s = queue.sync(f, true);
    queue.await(w);
    queue.await(s);
    assertFalse(uf.allWritesSynced());
    queue.await(queue.sync(f, true));
    assertTrue(uf.allWritesSynced());
  }

  @Test
  void theLinkedPathCanBeForcedOnDirectFiles() {
    queue.syncInWrite = false;
    IoFile f = open("forced", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = pages(3, 7);
    assertEquals(3L * PAGE, queue.await(queue.writeAndSync(f, 0, src, true)).getLong());
    assertFileHolds(f, 0, src);
    assertEquals(0, queue.syncedWritesIssued());
  }

  /**
   * A synced write cut short by RLIMIT_FSIZE: the rest is resubmitted (still RWF_DSYNC) and fails with EFBIG,
   * named as such; the file then counts as holding unsynced data, so the next writeAndSync fsyncs.
   */
  @Test
  @SuppressWarnings("try") // the limit acts by existing
  void aFailedSyncedWriteMakesTheNextOneSyncTheFile() throws Throwable {
    IoFile f = open("short", OpenFlag.CREATE, OpenFlag.DIRECT);
    UringFile uf = (UringFile) f;
    Promise<Void> p;
    try (FileSizeLimit limit = new FileSizeLimit(3L * PAGE)) {
      p = queue.writeAndSync(f, 0, pages(4, 8), true);
      queue.await(p);
    }
    StorageIoException e = assertInstanceOf(StorageIoException.class, p.failure());
    assertEquals(Errno.EFBIG, e.errno(), e.getMessage());
    assertTrue(e.getMessage().contains("at offset " + 3L * PAGE + ", " + PAGE + " bytes, with RWF_DSYNC"),
        e.getMessage());
    assertEquals(3L * PAGE, engine.size(f));
    assertFalse(uf.allWritesSynced());
    long synced = queue.syncedWritesIssued();
    MemorySegment src = pages(1, 9);
    assertEquals(PAGE, queue.await(queue.writeAndSync(f, 0, src, true)).getLong());
    assertEquals(synced, queue.syncedWritesIssued(), "linked write and fsync expected");
    assertTrue(uf.allWritesSynced());
    assertFileHolds(f, 0, src);
  }

  @Test
  void accountOfUnsyncedWrites() {
    UringFile f = new UringFile(dir.resolve("none"), 99, true, true, false);
    assertTrue(f.allWritesSynced());
    f.unsyncedWriteStarted();
    assertEquals(-1, f.syncCoverage());
    f.unsyncedWriteStarted();
    f.unsyncedWriteEnded();
    assertEquals(-1, f.syncCoverage());
    f.unsyncedWriteEnded();
    long coverage = f.syncCoverage();
    assertEquals(2, coverage);
    f.unsyncedWriteStarted();
    f.unsyncedWriteEnded();
    f.synced(coverage);
    assertFalse(f.allWritesSynced(), "the third write started after the sync");
    f.synced(f.syncCoverage());
    assertTrue(f.allWritesSynced());
    f.synced(1); // an older sync finishing late changes nothing
    assertTrue(f.allWritesSynced());
    f.syncedWriteFailed();
    assertFalse(f.allWritesSynced());
    f.synced(f.syncCoverage());
    assertTrue(f.allWritesSynced());
  }

  /** At one operation in flight, await submits and waits in one io_uring_enter (poll then sleep would take two). */
  @Test
  void awaitEntersOncePerWait() {
    IoFile f = open("await", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = pages(1, 11);
    queue.await(queue.write(f, 0, src));
    int n = 50;
    long enters = queue.stats().enterCalls();
    for (int i = 0; i < n; i++) {
      assertEquals(PAGE, queue.await(queue.read(f, 0, src)).getLong());
    }
    long used = queue.stats().enterCalls() - enters;
    // Exactly n unless a signal interrupts a wait (EINTR), which is rare; the old path took exactly 2n.
    assertTrue(used >= n && used < 2L * n, "enters: " + used);
  }

  /** A wake that await consumes is not lost: the next sleep still returns at once. */
  @Test
  @Timeout(30)
  void aWakeConsumedByAwaitStillEndsTheNextSleep() {
    IoFile f = open("wake", OpenFlag.CREATE, OpenFlag.DIRECT);
    MemorySegment src = pages(1, 12);
    queue.wake();
    queue.await(queue.write(f, 0, src));
    queue.sleep(3_600_000_000_000L);
  }
}
