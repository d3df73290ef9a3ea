package dev.cascade.engine.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.key.KeyOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A small LSM simulated on version states: random flushes into L0, then every compaction the picker asks for,
 * each replaced by one output file spanning its inputs. Every pick is checked against its definition by brute
 * force, every result must be a valid state, and the tree must settle (the picker has nothing left to do).
 */
class CompactionSimulationTest {
  private static final int FLUSHES = Boolean.getBoolean("cascade.stress") ? 5000 : 300;
  private static final int COMPACTIONS_PER_FLUSH_MAX = 100;

  @Test
  void picksAreValidAndTheTreeSettles() {
    Random random = new Random(TestSeeds.seed("CompactionSimulationTest.picksAreValidAndTheTreeSettles"));
    RandomStates gen = new RandomStates(random);
    LevelOptions options = LevelOptions.defaults().withLevelCount(5).withLevel1MaxBytes(64 << 10)
        .withLevelSizeMultiplier(4).withTargetFileBytes(16 << 10);
    CompactionPicker picker = new CompactionPicker(options);
    VersionState s = VersionState.empty(options.levelCount());
    long seq = 0;
    long number = 1_000_000;
    int compactions = 0;
    for (int flush = 0; flush < FLUSHES; flush++) {
      FileMeta f = gen.randomFile();
      long lo = seq + 1;
      seq += 1 + random.nextInt(10);
      s = s.apply(new VersionEdit().addFile(0, new FileMeta(number++, 1 + random.nextInt(8 << 10), f.smallestKey(),
          f.largestKey(), lo, seq, 1, 0)));
      int steps = 0;
      Compaction c;
      while ((c = picker.pick(s)) != null) {
        check(picker, s, c);
        s = s.apply(c.toEdit(List.of(merged(c, number++))));
        compactions++;
        assertTrue(++steps <= COMPACTIONS_PER_FLUSH_MAX, "compaction does not settle: " + s);
      }
      for (int l = 0; l < s.levelCount() - 1; l++) {
        assertTrue(picker.score(s, l) < 1, "settled tree has score >= 1 at L" + l);
      }
    }
    assertTrue(compactions > FLUSHES / 4, "too few compactions to test anything: " + compactions);
    assertNull(picker.pick(s));
  }

  /**
   * Compactions run concurrently: each step flushes, starts a compaction avoiding the files of the running ones,
   * or finishes a running one (in any order). Running compactions never share a file, and every finished one
   * applies to the state as it is by then: outputs of concurrent compactions never overlap in a level.
   */
  @Test
  void concurrentCompactionsNeverCollide() {
    Random random = new Random(TestSeeds.seed("CompactionSimulationTest.concurrentCompactionsNeverCollide"));
    RandomStates gen = new RandomStates(random);
    LevelOptions options = LevelOptions.defaults().withLevelCount(5).withLevel1MaxBytes(64 << 10)
        .withLevelSizeMultiplier(4).withTargetFileBytes(16 << 10);
    CompactionPicker picker = new CompactionPicker(options);
    VersionState s = VersionState.empty(options.levelCount());
    List<Compaction> running = new java.util.ArrayList<>();
    Set<Long> busy = new HashSet<>();
    long seq = 0;
    long number = 1_000_000;
    int concurrent = 0;
    // The usual length, longer when no two compactions have run at once yet (some seeds pick one at a time for
    // long stretches); the bound keeps a picker that never allows it a failure rather than a hang.
    for (int step = 0; step < 4 * FLUSHES || (concurrent < 2 && step < 40 * FLUSHES); step++) {
      int action = random.nextInt(3);
      if (action == 0) {
        FileMeta f = gen.randomFile();
        long lo = seq + 1;
        seq += 1 + random.nextInt(10);
        s = s.apply(new VersionEdit().addFile(0, new FileMeta(number++, 1 + random.nextInt(8 << 10),
            f.smallestKey(), f.largestKey(), lo, seq, 1, 0)));
      } else if (action == 1) {
        Compaction c = picker.pick(s, busy::contains);
        if (c != null) {
          for (List<FileMeta> files : List.of(c.inputs(), c.nextLevelInputs())) {
            for (FileMeta f : files) {
              assertTrue(busy.add(f.fileNumber()), "file " + f.fileNumber() + " in two running compactions");
            }
          }
          running.add(c);
          concurrent = Math.max(concurrent, running.size());
        }
      } else if (!running.isEmpty()) {
        Compaction c = running.remove(random.nextInt(running.size()));
        s = s.apply(c.toEdit(List.of(merged(c, number++))));
        c.inputs().forEach(f -> busy.remove(f.fileNumber()));
        c.nextLevelInputs().forEach(f -> busy.remove(f.fileNumber()));
      }
    }
    assertTrue(concurrent >= 2, "compactions never overlapped in time: " + concurrent);
  }

  /** The single output file of {@code c}: the key range, sequence range and bytes of all its inputs. */
  private static FileMeta merged(Compaction c, long number) {
    long size = 0;
    long smallestSeq = Long.MAX_VALUE;
    long largestSeq = 0;
    for (List<FileMeta> files : List.of(c.inputs(), c.nextLevelInputs())) {
      for (FileMeta f : files) {
        size += f.sizeBytes();
        smallestSeq = Math.min(smallestSeq, f.smallestSeq());
        largestSeq = Math.max(largestSeq, f.largestSeq());
      }
    }
    return new FileMeta(number, size, c.smallestKey(), c.largestKey(), smallestSeq, largestSeq, 1, 0);
  }

  private static void check(CompactionPicker picker, VersionState s, Compaction c) {
    int level = c.level();
    assertEquals(level + 1, c.outputLevel());
    double best = 0;
    for (int l = 0; l < s.levelCount() - 1; l++) {
      best = Math.max(best, picker.score(s, l));
    }
    assertEquals(best, picker.score(s, level), "the level with the best score");
    assertTrue(best >= 1);
    Set<FileMeta> in = new HashSet<>(c.inputs());
    assertTrue(s.files(level).containsAll(in));
    // No file of the level left out overlaps a file taken (for L1+: the inputs are a contiguous run).
    for (FileMeta out : s.files(level)) {
      if (!in.contains(out)) {
        for (FileMeta f : in) {
          assertFalse(out.overlaps(f.smallestKey(), f.largestKey()), "L" + level + " file left out overlaps");
        }
      }
    }
    byte[] lo = c.inputs().stream().map(FileMeta::smallestKey).min(KeyOrder::compare).orElseThrow();
    byte[] hi = c.inputs().stream().map(FileMeta::largestKey).max(KeyOrder::compare).orElseThrow();
    assertEquals(s.files(level + 1).stream().filter(f -> f.overlaps(lo, hi)).toList(), c.nextLevelInputs());
    boolean bottommost = true;
    for (int l = level + 2; l < s.levelCount(); l++) {
      bottommost &= s.files(l).stream().noneMatch(f -> f.overlaps(c.smallestKey(), c.largestKey()));
    }
    assertEquals(bottommost, c.isBottommost());
  }
}
