package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static dev.cascade.engine.wal.WalFixture.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The ring: segments reused over many cycles once retired, never replaying a stale record; growth; full. */
class WalRingTest {
  @TempDir Path dir;

  /** A LINK page and three pages of records per segment, so the ring turns often. */
  private static final WalOptions TINY = new WalOptions(4 * WalFormat.PAGE_BYTES, 3, 6, true);
  /** As TINY, with room for two flush windows of the largest records. */
  private static final WalOptions TINY_ROOMY = new WalOptions(4 * WalFormat.PAGE_BYTES, 3, 16, true);

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void reuseAcrossManyCyclesReplaysOnlyLiveRecords(IoEngineKind kind) {
    AtomicInteger preallocations = new AtomicInteger();
    reuseAcrossManyCycles(counting(kind, preallocations), TINY_ROOMY, "WalRingTest.reuse." + kind);
    assertTrue(preallocations.get() >= TINY_ROOMY.segmentCount(), "zero-filled segments: " + preallocations);
  }

  /** Sparse segments (a store that does not sync) read back as zero-filled ones do, ring growth included. */
  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void sparseSegmentsReplayOnlyLiveRecords(IoEngineKind kind) throws java.io.IOException {
    WalOptions sparse = TINY_ROOMY.withZeroFill(false);
    AtomicInteger preallocations = new AtomicInteger();
    reuseAcrossManyCycles(counting(kind, preallocations), sparse, "WalRingTest.sparse." + kind);
    assertEquals(0, preallocations.get(), "sparse segments are not zero-filled");
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        assertEquals(sparse.segmentBytes(), java.nio.file.Files.size(f), f + " has the segment size");
      }
    }
  }

  /** A fixture whose engine counts its {@code preallocate} calls (the zero fill) in {@code calls}. */
  private WalFixture counting(IoEngineKind kind, AtomicInteger calls) {
    IoEngine real = IoEngines.create(kind);
    IoEngine engine = (IoEngine) Proxy.newProxyInstance(IoEngine.class.getClassLoader(),
        new Class<?>[] {IoEngine.class}, (proxy, method, args) -> {
          if (method.getName().equals("preallocate")) {
            calls.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    return new WalFixture(engine, dir);
  }

  private void reuseAcrossManyCycles(WalFixture fixture, WalOptions options, String seedName) {
    Random random = new Random(TestSeeds.seed(seedName));
    try (WalFixture fx = fixture) {
      List<Rec> live = new ArrayList<>();
      long replayFrom = 0;
      long frozenAt = -1;
      Wal wal = fx.open(options, 0, new ArrayList<>());
      for (int i = 1; i <= 1000; i++) {
        int size = random.nextInt(20) == 0 ? 4000 + random.nextInt(5000) : random.nextInt(700);
        live.add(append(wal, i, WalFixture.randomPayload(random, size)));
        fx.await(wal.commit(random.nextInt(3) == 0));
        if (i % 7 == 0) {
          // A memtable frozen earlier is flushed: what it held is retired.
          if (frozenAt >= 0) {
            replayFrom = frozenAt;
            wal.retire(frozenAt);
            long from = replayFrom;
            live.removeIf(r -> r.position() < from);
          }
          frozenAt = wal.nextPosition();
        }
        if (i % 200 == 0) {
          wal.close();
          List<Rec> replayed = new ArrayList<>();
          wal = fx.open(options, replayFrom, replayed);
          assertRecords(live, replayed);
          frozenAt = -1;
        }
      }
      WalStats stats = wal.stats();
      int generation = WalPosition.generation(wal.nextPosition());
      assertTrue(generation > 3 * stats.segments(), "the ring turned many times: " + generation + ", " + stats);
      assertTrue(stats.segments() <= options.segmentCountMax(), stats.toString());
      wal.close();
      assertRecords(live, fx.reopen(options, replayFrom));
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void growsWhenNotRetiredThenReportsFull(IoEngineKind kind) {
    Random random = new Random(TestSeeds.seed("WalRingTest.grows." + kind));
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      List<Rec> appended = new ArrayList<>();
      Wal wal = fx.open(TINY, 0, new ArrayList<>());
      CascadeException full = null;
      for (int i = 1; full == null; i++) {
        try {
          appended.add(append(wal, i, WalFixture.randomPayload(random, 1000 + random.nextInt(2000))));
          fx.await(wal.commit(true));
        } catch (CascadeException e) {
          full = e;
        }
        assertTrue(i < 1000, "never full");
      }
      assertTrue(full.getMessage().contains("is full") && full.getMessage().contains("not retired"), full.getMessage());
      assertEquals(TINY.segmentCountMax(), wal.stats().segments());
      assertEquals(TINY.segmentCountMax(), wal.stats().segmentsInUse());
      long retireAt = wal.nextPosition();
      Rec refused = new Rec(0, 0, new byte[3000]);
      assertThrows(CascadeException.class, () -> wal.append(refused.seq(), java.lang.foreign.MemorySegment.ofArray(
          refused.payload())));
      wal.close();
      // Nothing was lost, nothing half-appended.
      assertRecords(appended, fx.reopen(TINY, 0));
      // Once retired, the ring is reused without growing.
      List<Rec> none = new ArrayList<>();
      Wal again = fx.open(TINY, retireAt, none);
      assertEquals(List.of(), none);
      for (int i = 0; i < 50; i++) {
        long before = again.nextPosition();
        append(again, 5000 + i, WalFixture.randomPayload(random, 2000));
        fx.await(again.commit(true));
        again.retire(before);
      }
      assertEquals(TINY.segmentCountMax(), again.stats().segments());
      again.close();
    }
  }
}
