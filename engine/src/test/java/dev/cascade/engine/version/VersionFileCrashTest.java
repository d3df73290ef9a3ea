package dev.cascade.engine.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.io.fault.CrashMode;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash safety of {@link VersionFile} under {@link FaultInjectingIoEngine}: a sequence of saves is cut by a
 * failed operation at a random point (so the operations after it never happen, as in a crash), or runs to its
 * end, and then power fails in each {@link CrashMode}. The reloaded state must be the last acknowledged save or,
 * when a save was cut, the one in progress: never a torn state, never an older one. Each trial reboots twice.
 */
class VersionFileCrashTest {
  private static final int TRIALS = Boolean.getBoolean("cascade.stress") ? 400 : 20;
  private static final int SAVES_PER_EPOCH_MAX = 4;
  /** Operations a save issues: open, write, sync, rename, directory sync (a bound for choosing the cut). */
  private static final int OPS_PER_SAVE = 5;

  @TempDir Path root;

  static List<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (IoEngineKind kind : IoEngineKind.values()) {
      for (CrashMode mode : CrashMode.values()) {
        out.add(Arguments.of(kind, mode));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void reloadIsAlwaysAWholeSavedState(IoEngineKind kind, CrashMode mode) {
    long seed = TestSeeds.seed("VersionFileCrashTest." + kind + "." + mode);
    Random random = new Random(seed);
    RandomStates gen = new RandomStates(random);
    int cuts = 0;
    try (FaultInjectingIoEngine engine = new FaultInjectingIoEngine(IoEngines.create(kind))) {
      for (int trial = 0; trial < TRIALS; trial++) {
        Path dir = root.resolve("trial-" + trial);
        engine.createDirectories(dir);
        VersionState durable = null;
        for (int epoch = 0; epoch < 2; epoch++) {
          int saves = 1 + random.nextInt(SAVES_PER_EPOCH_MAX);
          boolean cut = random.nextInt(4) != 0;
          if (cut) {
            engine.failAfter(random.nextInt(saves * OPS_PER_SAVE), Errno.EIO);
          }
          Outcome o = saveSequence(engine, dir, gen, saves, durable);
          cuts += o.inProgress != null ? 1 : 0;
          engine.crash(mode, random.nextLong());
          engine.clearFaults();
          VersionState loaded;
          try (SyncIo io = new SyncIo(engine)) {
            loaded = VersionFile.load(io, dir);
          }
          if (!Objects.equals(loaded, o.acknowledged) && (o.inProgress == null || !loaded.equals(o.inProgress))) {
            fail("trial " + trial + " epoch " + epoch + ": loaded " + loaded + ", acknowledged " + o.acknowledged
                + ", in progress " + o.inProgress + " (seed " + seed + ")");
          }
          durable = loaded;
        }
      }
    }
    assertTrue(cuts > 0, "no save was ever cut: the test would prove nothing");
  }

  /**
   * A save that fails (at its sync, its rename or its directory sync) leaves the old or the new state, and a
   * later save without a crash in between still makes its own state the durable one.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void saveAfterAFailedSaveWins(IoEngineKind kind, CrashMode mode) {
    long seed = TestSeeds.seed("VersionFileCrashTest.saveAfterAFailedSaveWins." + kind + "." + mode);
    RandomStates gen = new RandomStates(new Random(seed));
    try (FaultInjectingIoEngine engine = new FaultInjectingIoEngine(IoEngines.create(kind))) {
      int trial = 0;
      for (IoOp op : List.of(IoOp.OPEN, IoOp.WRITE, IoOp.SYNC, IoOp.RENAME, IoOp.SYNC_DIRECTORY)) {
        Path dir = root.resolve("failed-" + trial++);
        engine.createDirectories(dir);
        VersionState first = gen.state(3, 4);
        VersionState failed = gen.state(3, 4);
        VersionState last = gen.state(3, 4);
        try (SyncIo io = new SyncIo(engine)) {
          VersionFile.save(io, dir, first);
          engine.failNext(op, dir.toString(), Errno.EIO, 1);
          StorageIoException e = assertThrows(StorageIoException.class, () -> VersionFile.save(io, dir, failed));
          assertEquals(Errno.EIO, e.errno(), e.getMessage());
          VersionState now = VersionFile.load(io, dir);
          assertTrue(now.equals(first) || now.equals(failed), op + ": " + now);
          VersionFile.save(io, dir, last);
        }
        engine.crash(mode, seed);
        assertEquals(last, VersionFile.load(engine, dir), op.toString());
      }
    }
  }

  private record Outcome(VersionState acknowledged, VersionState inProgress) {}

  /** Saves {@code count} states on top of {@code start} until one fails. */
  private static Outcome saveSequence(FaultInjectingIoEngine engine, Path dir, RandomStates gen, int count,
      VersionState start) {
    VersionState acknowledged = start;
    try (SyncIo io = new SyncIo(engine)) {
      for (int i = 0; i < count; i++) {
        VersionState next = gen.state(4, 8);
        try {
          VersionFile.save(io, dir, next);
        } catch (StorageIoException e) {
          assertEquals(Errno.EIO, e.errno(), e.getMessage());
          return new Outcome(acknowledged, next);
        }
        acknowledged = next;
      }
    }
    return new Outcome(acknowledged, null);
  }
}
