package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.io.fault.CrashMode;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crashes with {@link FaultInjectingIoEngine}: after each, every record acknowledged by a synced commit is
 * replayed, the replay is a prefix of what was appended (nothing after a torn point, no garbage), and the WAL goes
 * on. Failed writes and syncs fail their commit and make the WAL refuse appends. Seeded; see {@link TestSeeds}.
 */
class WalCrashTest {
  @TempDir Path dir;

  private static final WalOptions OPTIONS = new WalOptions(8 * WalFormat.PAGE_BYTES, 3, 64, true);

  static Stream<Arguments> kindsAndModes() {
    List<Arguments> all = new ArrayList<>();
    for (IoEngineKind kind : IoEngineKind.values()) {
      for (CrashMode mode : CrashMode.values()) {
        all.add(Arguments.of(kind, mode));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("kindsAndModes")
  void syncedRecordsSurviveEveryCrash(IoEngineKind kind, CrashMode mode) {
    long seed = TestSeeds.seed("WalCrashTest." + kind + "." + mode);
    Random random = new Random(seed);
    FaultInjectingIoEngine engine = new FaultInjectingIoEngine(IoEngines.create(kind));
    int rounds = Boolean.getBoolean("cascade.stress") ? 200 : 25;
    try (WalFixture fx = new WalFixture(engine, dir)) {
      List<Rec> model = new ArrayList<>();
      int synced = 0;
      long lost = 0;
      long replayFrom = 0;
      for (int round = 0; round < rounds; round++) {
        List<Rec> replayed = new ArrayList<>();
        Wal wal = fx.open(OPTIONS, replayFrom, replayed);
        assertPrefix(model, replayed, synced, "round " + round);
        lost += model.size() - replayed.size();
        model = new ArrayList<>(replayed);
        if (random.nextInt(3) == 0) {
          // What was replayed went to a flushed SST: the store moves its replay start and retires.
          replayFrom = wal.nextPosition();
          wal.retire(replayFrom);
          model.clear();
        }
        synced = model.size();
        int ops = 1 + random.nextInt(12);
        for (int i = 0; i < ops; i++) {
          int size = random.nextInt(8) == 0 ? 3000 + random.nextInt(6000) : random.nextInt(600);
          model.add(append(wal, model.size() + 1, WalFixture.randomPayload(random, size)));
          int what = random.nextInt(4);
          if (what < 3) {
            boolean sync = what == 0;
            fx.await(wal.commit(sync));
            if (sync) {
              synced = model.size();
            }
          }
        }
        engine.crash(mode, seed + round);
        wal.abandon();
      }
      List<Rec> replayed = fx.reopen(OPTIONS, replayFrom);
      assertPrefix(model, replayed, synced, "final");
      System.out.println(mode + ": " + lost + " unsynced records lost over " + rounds + " crashes");
    }
  }

  private static void assertPrefix(List<Rec> model, List<Rec> replayed, int synced, String when) {
    assertTrue(replayed.size() >= synced && replayed.size() <= model.size(), () -> when + ": replayed "
        + replayed.size() + " records, " + synced + " were synced, " + model.size() + " appended");
    for (int i = 0; i < replayed.size(); i++) {
      Rec e = model.get(i);
      Rec a = replayed.get(i);
      int at = i;
      assertEquals(e.position(), a.position(), () -> when + ": position of record " + at);
      assertEquals(e.seq(), a.seq(), () -> when + ": seq of record " + at);
      assertArrayEquals(e.payload(), a.payload(), () -> when + ": payload of record " + at);
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void failedSyncFailsTheCommitAndMakesTheWalReadOnly(IoEngineKind kind) {
    failedOperation(kind, IoOp.SYNC);
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void failedWriteFailsTheCommitAndMakesTheWalReadOnly(IoEngineKind kind) {
    failedOperation(kind, IoOp.WRITE);
  }

  private void failedOperation(IoEngineKind kind, IoOp op) {
    Random random = new Random(TestSeeds.seed("WalCrashTest.failed." + op + "." + kind));
    FaultInjectingIoEngine engine = new FaultInjectingIoEngine(IoEngines.create(kind));
    try (WalFixture fx = new WalFixture(engine, dir)) {
      Wal wal = fx.open(OPTIONS, 0, new ArrayList<>());
      List<Rec> acknowledged = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        acknowledged.add(append(wal, i, WalFixture.randomPayload(random, 300)));
        fx.await(wal.commit(true));
      }
      engine.failNext(op, "wal-", Errno.EIO, 1);
      append(wal, 6, WalFixture.randomPayload(random, 300));
      Promise<Void> buffered = wal.commit(false);
      Promise<Void> syncedCommit = wal.commit(true);
      fx.queue.await(syncedCommit);
      fx.queue.await(buffered);
      // A failed write fails the buffered commit that issued it; a failed sync only the synced one. A commit made
      // after the failure (FileChannel completes at once) gets the ReadOnlyException naming it.
      Promise<Void> first = op == IoOp.WRITE ? buffered : syncedCommit;
      assertTrue(first.isFailed(), first.toString());
      StorageIoException cause = assertInstanceOf(StorageIoException.class, first.failure());
      assertEquals(Errno.EIO, cause.errno());
      assertTrue(syncedCommit.isFailed(), syncedCommit.toString());
      Throwable t = syncedCommit.failure();
      assertTrue(t == cause || (t instanceof ReadOnlyException && t.getCause() == cause), t.toString());
      if (op == IoOp.SYNC) {
        assertTrue(buffered.isDone() && !buffered.isFailed(), "the buffered commit was written: " + buffered);
      }
      ReadOnlyException refused = assertThrows(ReadOnlyException.class,
          () -> wal.append(7, MemorySegment.ofArray(new byte[10])));
      assertTrue(refused.getMessage().contains(cause.getMessage()), refused.getMessage());
      Promise<Void> later = wal.commit(true);
      assertInstanceOf(ReadOnlyException.class, later.failure());
      assertEquals(1, engine.injectedFaults(), "the failed operation is not retried");
      wal.close();
      engine.clearFaults();
      List<Rec> replayed = fx.reopen(OPTIONS, 0);
      assertPrefix(replayed.size() > acknowledged.size() ? replayed : acknowledged, replayed, acknowledged.size(),
          "after the failure");
      assertPrefix(acknowledged, replayed.subList(0, acknowledged.size()), acknowledged.size(), "acknowledged");
    }
  }
}
