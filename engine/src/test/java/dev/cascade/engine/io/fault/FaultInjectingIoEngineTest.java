package dev.cascade.engine.io.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.FileChannelIoEngine;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.runtime.ThreadLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fault-injecting wrapper itself: crash modes, injected errors, dead handles. Seeded; see {@link TestSeeds}. */
class FaultInjectingIoEngineTest {
  private static final int PAGE = IoEngine.ALIGNMENT_BYTES;

  @TempDir Path dir;
  FaultInjectingIoEngine engine;
  SyncIo io;
  Arena arena;
  long seed;
  Random random;

  @BeforeEach
  void setUp(TestInfo info) {
    engine = new FaultInjectingIoEngine(new FileChannelIoEngine());
    io = new SyncIo(engine);
    arena = Arena.ofShared();
    seed = TestSeeds.seed(getClass().getSimpleName() + "." + info.getDisplayName());
    random = new Random(seed);
  }

  @AfterEach
  void tearDown() {
    io.close();
    engine.close();
    arena.close();
  }

  // ---------------------------------------------------------------- helpers

  private MemorySegment segment(byte[] content) {
    MemorySegment s = arena.allocate(Math.max(1, content.length), PAGE).asSlice(0, content.length);
    MemorySegment.copy(content, 0, s, ValueLayout.JAVA_BYTE, 0, content.length);
    return s;
  }

  private byte[] randomBytes(int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  private void write(IoFile f, long offset, byte[] content) {
    assertEquals(content.length, io.write(f, offset, segment(content)));
  }

  /** The file's whole content, read through a fresh handle. */
  private byte[] contentOf(Path path) {
    IoFile f = engine.open(path);
    try {
      long size = engine.size(f);
      MemorySegment dst = arena.allocate(Math.max(PAGE, size), PAGE);
      long n = io.read(f, 0, dst);
      assertEquals(size, n);
      return dst.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    } finally {
      engine.close(f);
    }
  }

  private IoFile createDurable(Path path, OpenFlag... extra) {
    OpenFlag[] flags = Arrays.copyOf(extra, extra.length + 1);
    flags[extra.length] = OpenFlag.CREATE;
    IoFile f = engine.open(path, flags);
    engine.syncDirectory(path.getParent());
    return f;
  }

  private static StorageIoException assertIoError(Path path, String op, int errno, Executable call) {
    StorageIoException e = assertThrows(StorageIoException.class, call);
    assertEquals(path, e.path(), e.getMessage());
    assertEquals(op, e.operation(), e.getMessage());
    assertEquals(errno, e.errno(), e.getMessage());
    assertTrue(e.getMessage().startsWith(op + " " + path + " failed: " + Errno.name(errno)), e.getMessage());
    return e;
  }

  // ---------------------------------------------------------------- DROP_UNSYNCED

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void dropRestoresTheSyncedPrefixAndOverwrittenContent(boolean direct) {
    Path path = dir.resolve("wal");
    IoFile f = direct ? createDurable(path, OpenFlag.DIRECT) : createDurable(path);
    byte[] synced = randomBytes(2 * PAGE);
    write(f, 0, synced);
    io.sync(f, true);
    write(f, 0, randomBytes(PAGE));
    write(f, 2 * PAGE, randomBytes(2 * PAGE));
    write(f, PAGE, randomBytes(2 * PAGE));
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(synced, contentOf(path));
  }

  @Test
  void dropUndoesTruncationsAndTruncatingOpens() {
    Path path = dir.resolve("t");
    IoFile f = createDurable(path);
    byte[] synced = randomBytes(3 * PAGE + 17);
    write(f, 0, synced);
    io.sync(f, false);
    engine.truncate(f, PAGE);
    write(f, 0, randomBytes(100));
    engine.truncate(f, 5 * PAGE);
    engine.close(f);
    IoFile truncated = engine.open(path, OpenFlag.WRITE, OpenFlag.TRUNCATE);
    assertEquals(0, engine.size(truncated));
    write(truncated, 0, randomBytes(10));
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(synced, contentOf(path));
  }

  @ParameterizedTest
  @EnumSource(CrashMode.class)
  void syncedDataSurvivesEveryMode(CrashMode mode) {
    Path path = dir.resolve("data");
    IoFile f = createDurable(path);
    byte[] first = randomBytes(3 * PAGE);
    write(f, 0, first);
    io.sync(f, true);
    byte[] second = randomBytes(PAGE);
    assertEquals(PAGE, io.writeAndSync(f, 3 * PAGE, segment(second), false));
    engine.crash(mode, seed);
    byte[] expected = Arrays.copyOf(first, 4 * PAGE);
    System.arraycopy(second, 0, expected, 3 * PAGE, PAGE);
    assertArrayEquals(expected, contentOf(path));
  }

  @Test
  void preallocationIsDurable() {
    Path path = dir.resolve("prealloc");
    IoFile f = createDurable(path, OpenFlag.DIRECT);
    engine.preallocate(f, 0, 4 * PAGE);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(new byte[4 * PAGE], contentOf(path));
  }

  // ---------------------------------------------------------------- directory entries

  @Test
  void newFilesVanishUnlessTheirDirectoryWasSynced() {
    Path sub = dir.resolve("sub");
    engine.createDirectories(sub);
    IoFile lost = engine.open(dir.resolve("lost"), OpenFlag.CREATE_NEW);
    IoFile kept = engine.open(dir.resolve("kept"), OpenFlag.CREATE_NEW);
    IoFile inSub = engine.open(sub.resolve("child"), OpenFlag.CREATE_NEW);
    for (IoFile f : new IoFile[] {lost, kept, inSub}) {
      io.writeAndSync(f, 0, segment(randomBytes(100)), true);
    }
    engine.syncDirectory(dir);
    IoFile late = engine.open(dir.resolve("late"), OpenFlag.CREATE_NEW);
    io.writeAndSync(late, 0, segment(randomBytes(100)), true);
    engine.rename(dir.resolve("lost"), dir.resolve("lost2"));
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertTrue(engine.exists(dir.resolve("kept")));
    assertEquals(100, contentOf(dir.resolve("kept")).length);
    assertTrue(engine.exists(dir.resolve("lost")), "created before the directory sync, renamed after it");
    assertFalse(engine.exists(dir.resolve("lost2")), "the rename was never made durable");
    assertFalse(engine.exists(dir.resolve("late")));
    assertFalse(engine.exists(sub.resolve("child")), "syncing the parent does not sync the subdirectory");
  }

  @ParameterizedTest(name = "syncDirectory={0}")
  @ValueSource(booleans = {false, true})
  void aRenamedFileKeepsItsPendingCreationAndItsUndoLog(boolean syncDirectory) {
    IoFile tmp = engine.open(dir.resolve("tmp"), OpenFlag.CREATE_NEW);
    io.writeAndSync(tmp, 0, segment(randomBytes(PAGE)), true);
    engine.rename(dir.resolve("tmp"), dir.resolve("final"));
    if (syncDirectory) {
      engine.syncDirectory(dir);
    }
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertEquals(syncDirectory, engine.exists(dir.resolve("final")), "the creation is durable with the rename");
    assertFalse(engine.exists(dir.resolve("tmp")));

    IoFile f = createDurable(dir.resolve("a"));
    byte[] synced = randomBytes(PAGE);
    io.writeAndSync(f, 0, segment(synced), true);
    write(f, PAGE, randomBytes(PAGE));
    engine.rename(dir.resolve("a"), dir.resolve("b"));
    if (syncDirectory) {
      engine.syncDirectory(dir);
    }
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    Path survivor = dir.resolve(syncDirectory ? "b" : "a");
    assertArrayEquals(synced, contentOf(survivor));
    assertFalse(engine.exists(dir.resolve(syncDirectory ? "a" : "b")));
  }

  /** The CURRENT.tmp -> CURRENT pattern: the new content is durable only with the directory sync. */
  @ParameterizedTest(name = "syncDirectory={0}")
  @ValueSource(booleans = {false, true})
  void replacingADurableFileByRenameIsDurableOnlyWithTheDirectorySync(boolean syncDirectory) {
    Path current = dir.resolve("CURRENT");
    IoFile old = createDurable(current);
    byte[] oldContent = randomBytes(10);
    io.writeAndSync(old, 0, segment(oldContent), true);
    write(old, 10, randomBytes(5)); // unsynced: gone in any case
    engine.close(old);
    IoFile tmp = engine.open(dir.resolve("CURRENT.tmp"), OpenFlag.CREATE_NEW);
    byte[] fresh = randomBytes(20);
    io.writeAndSync(tmp, 0, segment(fresh), true);
    engine.close(tmp);
    engine.rename(dir.resolve("CURRENT.tmp"), current);
    assertEquals(List.of(current.getFileName()), engine.list(dir), "the trash name is hidden");
    if (syncDirectory) {
      engine.syncDirectory(dir);
    }
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(syncDirectory ? fresh : oldContent, contentOf(current));
    assertFalse(engine.exists(dir.resolve("CURRENT.tmp")), "its creation was not durable before the rename");
    assertEquals(List.of(current.getFileName()), listAll());
  }

  /** A rename of a durable file over another durable file, undone: both names and contents come back. */
  @Test
  void anUnsyncedRenameOverADurableFileIsUndone() {
    IoFile a = createDurable(dir.resolve("a"));
    IoFile b = createDurable(dir.resolve("b"));
    byte[] aContent = randomBytes(PAGE);
    byte[] bContent = randomBytes(2 * PAGE);
    io.writeAndSync(a, 0, segment(aContent), true);
    io.writeAndSync(b, 0, segment(bContent), true);
    write(b, 0, randomBytes(PAGE)); // unsynced change of the replaced file: undone in the trash
    engine.rename(dir.resolve("a"), dir.resolve("b"));
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(aContent, contentOf(dir.resolve("a")));
    assertArrayEquals(bContent, contentOf(dir.resolve("b")));
  }

  @ParameterizedTest(name = "syncDirectory={0}")
  @ValueSource(booleans = {false, true})
  void aDeletionIsDurableOnlyWithTheDirectorySync(boolean syncDirectory) {
    Path path = dir.resolve("old.sst");
    IoFile f = createDurable(path);
    byte[] synced = randomBytes(PAGE);
    io.writeAndSync(f, 0, segment(synced), true);
    write(f, PAGE, randomBytes(PAGE));
    engine.close(f);
    engine.delete(path);
    assertFalse(engine.exists(path));
    assertEquals(List.of(), engine.list(dir), "the trash name is hidden");
    if (syncDirectory) {
      engine.syncDirectory(dir);
      assertEquals(List.of(), listAll(), "the trash is emptied by the directory sync");
    }
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertEquals(!syncDirectory, engine.exists(path));
    if (!syncDirectory) {
      assertArrayEquals(synced, contentOf(path), "the deleted file's durable content comes back");
    }
    assertEquals(syncDirectory ? List.of() : List.of(path.getFileName()), listAll());
  }

  @Test
  void deletingAFileWhoseCreationIsNotDurableIsFinal() {
    Path path = dir.resolve("new");
    IoFile f = engine.open(path, OpenFlag.CREATE_NEW);
    io.writeAndSync(f, 0, segment(randomBytes(10)), true);
    engine.close(f);
    engine.delete(path);
    assertEquals(List.of(), listAll());
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertFalse(engine.exists(path));
  }

  /** Deleted, then recreated under the same name: the crash removes the new file and restores the old. */
  @Test
  void aFileRecreatedAfterAnUnsyncedDeletionGivesWayToTheOldOne() {
    Path path = dir.resolve("f");
    IoFile f = createDurable(path);
    byte[] old = randomBytes(PAGE);
    io.writeAndSync(f, 0, segment(old), true);
    engine.close(f);
    engine.delete(path);
    IoFile again = engine.open(path, OpenFlag.CREATE_NEW);
    io.writeAndSync(again, 0, segment(randomBytes(3 * PAGE)), true);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(old, contentOf(path));
  }

  /** Every name in the directory, trash included, as the file system shows it. */
  private List<Path> listAll() {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(Path::getFileName).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Threads crash-test their own files through one engine; the bookkeeping must stay per file. */
  @Test
  void concurrentWritersThenCrashRestoreEachFile() throws Exception {
    final int threads = 3;
    byte[][] synced = new byte[threads][];
    Thread[] workers = new Thread[threads];
    Throwable[] failures = new Throwable[threads];
    for (int t = 0; t < threads; t++) {
      int index = t;
      Random rnd = new Random(seed + t);
      synced[t] = new byte[4 * PAGE];
      rnd.nextBytes(synced[t]);
      workers[t] = new Thread(() -> {
        try (SyncIo own = new SyncIo(engine)) {
          IoFile f = createDurable(dir.resolve("f" + index));
          own.writeAndSync(f, 0, segment(synced[index]), true);
          for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1 + rnd.nextInt(2 * PAGE)];
            own.write(f, rnd.nextInt(6 * PAGE), segment(junk));
          }
        } catch (Throwable e) {
          failures[index] = e;
        }
      });
      workers[t].start();
    }
    for (int t = 0; t < threads; t++) {
      workers[t].join();
      assertEquals(null, failures[t]);
    }
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    for (int t = 0; t < threads; t++) {
      assertArrayEquals(synced[t], contentOf(dir.resolve("f" + t)));
    }
  }

  // ---------------------------------------------------------------- TEAR and GARBLE

  /** Synced: 16 pages. Unsynced: pages 3 and 7 overwritten, 100 bytes in page 10, pages 16..19 appended. */
  private static final int SYNCED_PAGES = 16;
  private static final int CURRENT_PAGES = 20;
  private static final int[] TOUCHED = {3, 7, 10, 16, 17, 18, 19};

  private record Scenario(byte[] synced, byte[] current, byte[] after) {}

  private Scenario tornScenario(Path path, long contentSeed, CrashMode mode, long crashSeed) {
    engine.delete(path);
    Random content = new Random(contentSeed);
    byte[] synced = new byte[SYNCED_PAGES * PAGE];
    content.nextBytes(synced);
    IoFile f = createDurable(path);
    io.writeAndSync(f, 0, segment(synced), true);
    byte[] current = Arrays.copyOf(synced, CURRENT_PAGES * PAGE);
    for (int[] w : new int[][] {{3 * PAGE, PAGE}, {7 * PAGE, PAGE}, {10 * PAGE + 50, 100}, {16 * PAGE, 4 * PAGE}}) {
      byte[] b = new byte[w[1]];
      content.nextBytes(b);
      System.arraycopy(b, 0, current, w[0], b.length);
      write(f, w[0], b);
    }
    engine.crash(mode, crashSeed);
    return new Scenario(synced, current, contentOf(path));
  }

  private static byte[] page(byte[] file, int page) {
    if ((long) page * PAGE >= file.length) {
      return new byte[PAGE];
    }
    return Arrays.copyOfRange(file, page * PAGE, Math.min(file.length, (page + 1) * PAGE));
  }

  @ParameterizedTest
  @EnumSource(value = CrashMode.class, names = {"TEAR_UNSYNCED", "GARBLE_UNSYNCED"})
  void tearingTouchesOnlyUnsyncedSectorsAndIsDeterministic(CrashMode mode) {
    Path path = dir.resolve("torn");
    boolean sawGarbage = false;
    for (int round = 0; round < 16; round++) {
      long crashSeed = seed + round;
      Scenario s = tornScenario(path, seed, mode, crashSeed);
      assertTrue(s.after().length == SYNCED_PAGES * PAGE || s.after().length == CURRENT_PAGES * PAGE,
          "length " + s.after().length);
      for (int p = 0; p < s.after().length / PAGE; p++) {
        byte[] actual = page(s.after(), p);
        int pageIndex = p;
        boolean touched = Arrays.stream(TOUCHED).anyMatch(t -> t == pageIndex);
        boolean oldOrNew = Arrays.equals(actual, page(s.synced(), p)) || Arrays.equals(actual, page(s.current(), p));
        if (!touched) {
          assertArrayEquals(page(s.synced(), p), actual, "synced page " + p + " changed, crash seed " + crashSeed);
        } else if (mode == CrashMode.TEAR_UNSYNCED) {
          assertTrue(oldOrNew, "page " + p + " is neither old nor new, crash seed " + crashSeed);
        }
        sawGarbage |= !oldOrNew;
      }
      assertArrayEquals(s.after(), tornScenario(path, seed, mode, crashSeed).after(), "same seed, same result");
    }
    assertEquals(mode == CrashMode.GARBLE_UNSYNCED, sawGarbage);
  }

  // ---------------------------------------------------------------- injected errors

  @Test
  void injectedErrorsSurfaceLikeRealOnesAndStopAfterTimes() {
    IoFile wal = engine.open(dir.resolve("000001.wal"), OpenFlag.CREATE);
    IoFile sst = engine.open(dir.resolve("000002.sst"), OpenFlag.CREATE);
    engine.failNext(IoOp.WRITE, "wal", Errno.EIO, 2);
    assertIoError(wal.path(), "pwrite", Errno.EIO, () -> write(wal, 0, randomBytes(10)));
    write(sst, 0, randomBytes(10));
    assertIoError(wal.path(), "pwritev", Errno.EIO,
        () -> io.writev(wal, 0, segment(randomBytes(10)), segment(randomBytes(10))));
    assertEquals(0, engine.size(wal), "an injected failure writes nothing");
    write(wal, 0, randomBytes(10));
    assertEquals(2, engine.injectedFaults());
    assertTrue(engine.toString().contains("injected 2"), engine.toString());
  }

  @Test
  void everyOperationKindCanFail() {
    Path path = dir.resolve("f");
    IoFile f = engine.open(path, OpenFlag.CREATE);
    expectFailure(IoOp.READ, path, "pread", () -> io.read(f, 0, arena.allocate(PAGE, PAGE)));
    expectFailure(IoOp.WRITE, path, "pwrite", () -> io.write(f, 0, arena.allocate(PAGE, PAGE)));
    expectFailure(IoOp.SYNC, path, "fdatasync", () -> io.sync(f, true));
    expectFailure(IoOp.SYNC, path, "fsync", () -> io.sync(f, false));
    expectFailure(IoOp.SYNC, path, "fdatasync", () -> io.writeAndSync(f, 0, arena.allocate(PAGE, PAGE), true));
    expectFailure(IoOp.OPEN, path, "open", () -> engine.close(engine.open(path)));
    expectFailure(IoOp.TRUNCATE, path, "ftruncate", () -> engine.truncate(f, 10));
    expectFailure(IoOp.PREALLOCATE, path, "preallocate", () -> engine.preallocate(f, 0, PAGE));
    expectFailure(IoOp.SYNC_DIRECTORY, dir, "fsync", () -> engine.syncDirectory(dir));
    expectFailure(IoOp.RENAME, path, "rename", () -> engine.rename(path, dir.resolve("g")));
    expectFailure(IoOp.DELETE, dir.resolve("g"), "unlink", () -> engine.delete(dir.resolve("g")));
    assertFalse(engine.exists(dir.resolve("g")));
  }

  /** One ENOSPC on {@code op} fails {@code call}; the retry succeeds. */
  private void expectFailure(IoOp op, Path path, String name, Executable call) {
    engine.failNext(op, p -> p.equals(path), Errno.ENOSPC, 1);
    assertIoError(path, name, Errno.ENOSPC, call);
    try {
      call.execute();
    } catch (Throwable t) {
      throw new AssertionError("retry of " + name + " failed", t);
    }
  }

  @Test
  void aFailedSyncLeavesTheWriteInPlaceButNotDurable() {
    Path path = dir.resolve("wal");
    IoFile f = createDurable(path);
    engine.failNext(IoOp.SYNC, "wal", Errno.EIO, 1);
    byte[] data = randomBytes(PAGE);
    assertIoError(path, "fdatasync", Errno.EIO, () -> io.writeAndSync(f, 0, segment(data), true));
    assertArrayEquals(data, contentOf(path));
    io.sync(f, true);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertEquals(0, contentOf(path).length, "a later successful sync does not make it durable");
  }

  /** Linux may drop the dirty pages of a failed fsync: the data is lost even if a later fsync succeeds. */
  @ParameterizedTest
  @EnumSource(CrashMode.class)
  void aFailedSyncLosesWhatItCoveredForGood(CrashMode mode) {
    Path path = dir.resolve("wal");
    IoFile f = createDurable(path);
    byte[] synced = randomBytes(2 * PAGE);
    io.writeAndSync(f, 0, segment(synced), true);
    write(f, 0, randomBytes(PAGE));
    engine.failNext(IoOp.SYNC, "wal", Errno.EIO, 1);
    assertIoError(path, "fdatasync", Errno.EIO, () -> io.sync(f, true));
    io.sync(f, true);
    io.sync(f, false);
    for (int round = 0; round < 8; round++) {
      engine.crash(mode, seed + round);
      assertArrayEquals(Arrays.copyOf(synced, PAGE), Arrays.copyOf(contentOf(path), PAGE), "round " + round);
      if (round < 7) {
        IoFile again = engine.open(path, OpenFlag.WRITE);
        write(again, 0, randomBytes(PAGE));
        engine.failNext(IoOp.SYNC, "wal", Errno.EIO, 1);
        assertIoError(path, "fsync", Errno.EIO, () -> io.sync(again, false));
        io.sync(again, false);
      }
    }
  }

  /** The way out of a failed sync is to write the data again: the new write, once synced, is durable. */
  @Test
  void dataWrittenAgainAfterAFailedSyncIsDurableOnceSynced() {
    Path path = dir.resolve("wal");
    IoFile f = createDurable(path);
    io.writeAndSync(f, 0, segment(randomBytes(2 * PAGE)), true);
    write(f, 0, randomBytes(2 * PAGE));
    engine.failNext(IoOp.SYNC, "wal", Errno.EIO, 1);
    assertIoError(path, "fdatasync", Errno.EIO, () -> io.sync(f, true));
    byte[] again = randomBytes(PAGE);
    io.writeAndSync(f, PAGE, segment(again), true);
    byte[] before = contentOf(path);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    byte[] after = contentOf(path);
    assertArrayEquals(again, Arrays.copyOfRange(after, PAGE, 2 * PAGE), "rewritten and synced");
    assertFalse(Arrays.equals(Arrays.copyOf(before, PAGE), Arrays.copyOf(after, PAGE)), "lost, not rewritten");
  }

  @Test
  void failAfterKillsTheDeviceUntilCleared() {
    Path path = dir.resolve("f");
    IoFile f = engine.open(path, OpenFlag.CREATE);
    engine.failAfter(IoOp.WRITE, p -> true, 3, Errno.EIO);
    for (int i = 0; i < 3; i++) {
      write(f, i, randomBytes(1));
    }
    for (int i = 0; i < 5; i++) {
      assertIoError(path, "pwrite", Errno.EIO, () -> write(f, 0, randomBytes(1)));
    }
    io.sync(f, true);
    engine.clearFaults();
    write(f, 0, randomBytes(1));
    engine.failAfter(1, Errno.EIO);
    io.read(f, 0, arena.allocate(PAGE, PAGE));
    assertIoError(path, "fsync", Errno.EIO, () -> io.sync(f, false));
    assertIoError(path, "open", Errno.EIO, () -> engine.open(path));
  }

  /** Each rule counts every matching operation, including one that an earlier rule already failed. */
  @Test
  void everyRuleCountsEveryOperation() {
    Path path = dir.resolve("wal");
    IoFile f = engine.open(path, OpenFlag.CREATE);
    engine.failNext(IoOp.WRITE, "wal", Errno.EIO, 1);
    engine.failAfter(IoOp.WRITE, p -> true, 2, Errno.ENOSPC);
    assertIoError(path, "pwrite", Errno.EIO, () -> write(f, 0, randomBytes(1)));
    write(f, 0, randomBytes(1));
    assertIoError(path, "pwrite", Errno.ENOSPC, () -> write(f, 0, randomBytes(1)));
    engine.clearFaults();
    engine.failNext(IoOp.WRITE, "wal", Errno.EIO, 1);
    engine.failNext(IoOp.WRITE, "wal", Errno.ENOSPC, 2);
    assertIoError(path, "pwrite", Errno.EIO, () -> write(f, 0, randomBytes(1)));
    assertIoError(path, "pwrite", Errno.ENOSPC, () -> write(f, 0, randomBytes(1)));
    write(f, 0, randomBytes(1));
    assertEquals(4, engine.injectedFaults());
  }

  /** A call the delegate rejects (misaligned, wrong thread) neither consumes a fault nor leaves an undo record. */
  @Test
  void rejectedCallsLeaveNoTrace() throws Exception {
    Path path = dir.resolve("direct");
    IoFile f = createDurable(path, OpenFlag.DIRECT);
    byte[] synced = randomBytes(PAGE);
    io.writeAndSync(f, 0, segment(synced), true);
    engine.failNext(IoOp.WRITE, "direct", Errno.EIO, 1);
    engine.failNext(IoOp.READ, "direct", Errno.EIO, 1);
    MemorySegment misaligned = arena.allocate(2 * PAGE, PAGE).asSlice(0, 100);
    assertThrows(IllegalArgumentException.class, () -> io.write(f, 4 * PAGE, misaligned));
    assertThrows(IllegalArgumentException.class, () -> io.read(f, 0, misaligned));
    IoQueue queue = engine.open(new ThreadLoop(), SyncIo.SHARD_INDEX_NONE);
    MemorySegment page = segment(randomBytes(PAGE));
    Throwable[] offThread = new Throwable[1];
    Thread other = new Thread(() -> offThread[0] = catching(() -> queue.write(f, 0, page)));
    other.start();
    other.join();
    queue.close();
    assertTrue(offThread[0] instanceof IllegalStateException, String.valueOf(offThread[0]));
    assertIoError(path, "pwrite", Errno.EIO, () -> write(f, 0, randomBytes(PAGE)));
    assertIoError(path, "pread", Errno.EIO, () -> io.read(f, 0, arena.allocate(PAGE, PAGE)));
    assertTrue(engine.toString().contains("faults []"), engine.toString());
    io.sync(f, true);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertArrayEquals(synced, contentOf(path), "no record of the rejected writes");
  }

  /** What {@code call} threw, or null. */
  private Throwable catching(Executable call) {
    try {
      call.execute();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  // ---------------------------------------------------------------- handles and reboot

  @Test
  void repeatedOpenFlagsStillApply() {
    IoFile plain = new FileChannelIoEngine().open(dir.resolve("p"), OpenFlag.CREATE, OpenFlag.CREATE,
        OpenFlag.DIRECT, OpenFlag.DIRECT);
    assertTrue(plain.direct() && plain.writable(), plain.toString());
    IoFile f = engine.open(dir.resolve("f"), OpenFlag.CREATE_NEW, OpenFlag.TRUNCATE, OpenFlag.TRUNCATE,
        OpenFlag.DIRECT, OpenFlag.DIRECT);
    assertTrue(f.direct() && f.writable(), f.toString());
    engine.close(f);
    engine.delegate().close(plain);
  }

  /** Closed files with nothing left to undo are forgotten, and no reader stays open for a closed file. */
  @Test
  void closedFilesReleaseTheirReadersAndHistories() throws IOException {
    long fdsBefore = openDescriptors();
    for (int i = 0; i < 64; i++) {
      IoFile f = engine.open(dir.resolve("f" + i), OpenFlag.CREATE_NEW);
      write(f, 0, randomBytes(100));
      if (i % 2 == 0) {
        io.sync(f, true);
      }
      engine.close(f);
    }
    assertTrue(openDescriptors() - fdsBefore < 16, "descriptors leaked: " + (openDescriptors() - fdsBefore));
    assertTrue(engine.toString().contains("tracked files 64"), engine.toString());
    engine.syncDirectory(dir);
    assertTrue(engine.toString().contains("tracked files 32"), "unsynced files stay tracked: " + engine);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    assertEquals(0, contentOf(dir.resolve("f1")).length);
    assertEquals(100, contentOf(dir.resolve("f0")).length);
    assertTrue(engine.toString().contains("tracked files 0"), engine.toString());
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void handlesAreDeadAfterACrashAndReopeningWorks() {
    Path path = dir.resolve("f");
    IoFile f = createDurable(path);
    byte[] data = randomBytes(PAGE);
    io.writeAndSync(f, 0, segment(data), true);
    engine.crash(CrashMode.DROP_UNSYNCED, seed);
    StorageIoException e = assertIoError(path, "pread", Errno.EBADF, () -> io.read(f, 0, arena.allocate(PAGE, PAGE)));
    assertTrue(e.getMessage().contains("engine crashed"), e.getMessage());
    assertIoError(path, "fstat", Errno.EBADF, () -> engine.size(f));
    engine.close(f);
    IoFile again = engine.open(path, OpenFlag.WRITE);
    write(again, PAGE, randomBytes(PAGE));
    assertEquals(2 * PAGE, engine.size(again));
    assertArrayEquals(data, Arrays.copyOf(contentOf(path), PAGE));
    engine.close(again);
    assertEquals(1, engine.crashes());
  }

  @Test
  void reportsItsDelegatesKindAndItsFaults() {
    assertEquals(IoEngineKind.FILECHANNEL, engine.kind());
    engine.failNext(IoOp.SYNC, "wal", Errno.EIO, 3);
    String s = engine.toString();
    assertTrue(s.contains("filechannel") && s.contains("SYNC") && s.contains("EIO"), s);
    assertThrows(IllegalArgumentException.class, () -> engine.size(new FileChannelIoEngine().open(dir.resolve("x"),
        OpenFlag.CREATE)));
  }
}
