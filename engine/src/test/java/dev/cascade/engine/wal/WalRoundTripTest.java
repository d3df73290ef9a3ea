package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static dev.cascade.engine.wal.WalFixture.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Append, commit, reopen: the replay is what was appended, from any position. Seeded; see {@link TestSeeds}. */
class WalRoundTripTest {
  @TempDir Path dir;

  @AfterEach
  void deleteFastDirs() {
    WalFixture.deleteFastDirs();
  }

  private static final WalOptions SMALL = new WalOptions(256 << 10, 4, 64, true);

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void replayEqualsAppended(IoEngineKind kind) {
    Random random = new Random(TestSeeds.seed("WalRoundTripTest.replayEqualsAppended." + kind));
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      List<Rec> appended = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        List<Rec> replayed = new ArrayList<>();
        Wal wal = fx.open(SMALL, 0, replayed);
        assertRecords(appended, replayed);
        List<Promise<Void>> commits = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
          Rec r = append(wal, appended.size() + 1, WalFixture.randomPayload(random, WalFixture.randomSize(random)));
          assertTrue(appended.isEmpty() || r.position() > appended.getLast().position(), "positions increase");
          appended.add(r);
          if (random.nextInt(4) == 0) {
            commits.add(wal.commit(random.nextBoolean()));
          }
          if (random.nextInt(10) == 0) {
            fx.queue.poll();
          }
        }
        fx.await(wal.commit(true));
        for (Promise<Void> p : commits) {
          assertTrue(p.isDone() && !p.isFailed(), "earlier commit done: " + p);
        }
        WalStats stats = wal.stats();
        assertTrue(stats.groups() > 0 && stats.syncs() > 0 && stats.bytesWritten() > stats.bytesAppended(), "" + stats);
        wal.close();
      }
      assertRecords(appended, fx.reopen(SMALL, 0));
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void replayFromMiddlePosition(IoEngineKind kind) {
    Random random = new Random(TestSeeds.seed("WalRoundTripTest.replayFromMiddlePosition." + kind));
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      List<Rec> appended = new ArrayList<>();
      Wal wal = fx.open(SMALL, 0, new ArrayList<>());
      List<Long> marks = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        if (i % 37 == 0) {
          marks.add(wal.nextPosition());
        }
        appended.add(append(wal, i, WalFixture.randomPayload(random, WalFixture.randomSize(random))));
        if (i % 3 == 0) {
          fx.await(wal.commit(i % 2 == 0));
        }
      }
      fx.await(wal.commit(true));
      marks.add(wal.nextPosition());
      wal.close();
      for (long from : marks) {
        List<Rec> expected = appended.stream().filter(r -> r.position() >= from).toList();
        assertRecords(expected, fx.reopen(SMALL, from));
      }
      // The mark at the end: nothing to replay, and the writer goes on after it.
      List<Rec> none = new ArrayList<>();
      Wal again = fx.open(SMALL, marks.getLast(), none);
      assertEquals(List.of(), none);
      assertTrue(again.nextPosition() > marks.getLast());
      again.close();
    }
  }

  /** Once, on the default engine, in tmpfs where there is one: it writes and reads some 200 MiB. */
  @Test
  void recordOf64MiB() {
    Random random = new Random(TestSeeds.seed("WalRoundTripTest.recordOf64MiB"));
    try (WalFixture fx = WalFixture.of(null, WalFixture.fastDir(dir)); Arena arena = Arena.ofConfined()) {
      WalOptions options = WalOptions.defaults();
      Wal wal = fx.open(options, 0, new ArrayList<>());
      List<Rec> appended = new ArrayList<>();
      appended.add(append(wal, 1, WalFixture.randomPayload(random, 100)));
      // Random bytes cost seconds at this size on a small VM: tile one random MiB, salted per MiB.
      byte[] big = new byte[64 << 20];
      byte[] tile = WalFixture.randomPayload(random, 1 << 20);
      for (int mib = 0; mib < 64; mib++) {
        System.arraycopy(tile, 0, big, mib << 20, tile.length);
        big[(mib << 20) + random.nextInt(1 << 20)] ^= (byte) (mib + 1);
      }
      appended.add(append(wal, 2, big));
      appended.add(append(wal, 3, WalFixture.randomPayload(random, 5000)));
      fx.await(wal.commit(true));
      assertTrue(wal.stats().segments() > options.segmentCount(), "a 64 MiB record grows a ring of 4 x 16 MiB");
      MemorySegment tooBig = arena.allocate(Wal.RECORD_BYTES_MAX + 1);
      assertThrows(IllegalArgumentException.class, () -> wal.append(4, tooBig));
      wal.close();
      assertRecords(appended, fx.reopen(options, 0));
    }
  }

  /** A file system that refuses O_DIRECT (EINVAL, injected): the WAL opens buffered and still writes whole pages. */
  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void fallsBackToBufferedIoWhereODirectIsRefused(IoEngineKind kind) {
    FaultInjectingIoEngine engine = new FaultInjectingIoEngine(IoEngines.create(kind));
    try (WalFixture fx = new WalFixture(engine, dir)) {
      for (int i = 0; i < SMALL.segmentCount(); i++) {
        engine.failNext(IoOp.OPEN, WalSegment.fileName(i), Errno.EINVAL, 1);
      }
      Wal wal = fx.open(SMALL, 0, new ArrayList<>());
      assertTrue(!wal.direct(), "opened with O_DIRECT despite EINVAL");
      Rec r = append(wal, 7, new byte[] {1, 2, 3});
      fx.await(wal.commit(true));
      wal.close();
      assertRecords(List.of(r), fx.reopen(SMALL, 0));
    }
  }
}
