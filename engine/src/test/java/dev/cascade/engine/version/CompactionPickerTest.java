package dev.cascade.engine.version;

import static dev.cascade.engine.version.VersionCodecTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores, choices, the round-robin cursor, bottommost detection, stall states and debt on constructed states. */
class CompactionPickerTest {
  private static final long MIB = 1L << 20;
  private final LevelOptions options = LevelOptions.defaults().withLevelCount(4);
  private final CompactionPicker picker = new CompactionPicker(options);
  private long nextSeq = 1;

  private FileMeta file(long number, String lo, String hi, long sizeBytes) {
    long seq = nextSeq++;
    return new FileMeta(number, sizeBytes, bytes(lo), bytes(hi), seq, seq, 10, 1);
  }

  private static List<Long> numbers(List<FileMeta> files) {
    return files.stream().map(FileMeta::fileNumber).toList();
  }

  private static VersionState state(VersionEdit e) {
    return VersionState.empty(4).apply(e);
  }

  @Test
  void scoresFollowCountsAndSizes() {
    VersionState s = state(new VersionEdit()
        .addFile(0, file(1, "a", "b", MIB)).addFile(0, file(2, "a", "b", MIB))
        .addFile(1, file(3, "a", "c", 96 * MIB))
        .addFile(2, file(4, "a", "c", 320 * MIB))
        .addFile(3, file(5, "a", "c", 100_000 * MIB)));
    assertArrayEquals(new double[] {0.5, 1.5, 0.5, 0}, picker.scores(s), 1e-9);
    Compaction c = picker.pick(s);
    assertEquals(1, c.level());
    assertEquals(2, c.outputLevel());
    assertEquals(List.of(3L), numbers(c.inputs()));
    assertEquals(List.of(4L), numbers(c.nextLevelInputs()));
    assertFalse(c.isBottommost(), "L3 holds data in the range");
  }

  @Test
  void nothingToDoBelowScoreOne() {
    VersionState s = state(new VersionEdit().addFile(0, file(1, "a", "b", MIB))
        .addFile(1, file(2, "a", "c", 63 * MIB)));
    assertNull(picker.pick(s));
    assertNull(picker.pick(VersionState.empty(4)));
  }

  @Test
  void level0TakesTheOldestFileAndEverythingOverlappingItTransitively() {
    // Oldest first: 1 [c,e], 2 [e,g] (meets 1), 3 [x,z] (disjoint), 4 [f,h] (meets 2 only), 5 [a,b] (disjoint).
    VersionState s = state(new VersionEdit()
        .addFile(0, file(1, "c", "e", MIB)).addFile(0, file(2, "e", "g", MIB)).addFile(0, file(3, "x", "z", MIB))
        .addFile(0, file(4, "f", "h", MIB)).addFile(0, file(5, "a", "b", MIB))
        .addFile(1, file(6, "a", "a", MIB)).addFile(1, file(7, "d", "d", MIB)).addFile(1, file(8, "h", "i", MIB))
        .addFile(1, file(9, "y", "y", MIB)));
    assertEquals(1.25, picker.score(s, 0), 1e-9);
    Compaction c = picker.pick(s);
    assertEquals(0, c.level());
    assertEquals(List.of(4L, 2L, 1L), numbers(c.inputs()), "newest first, the closure of file 1");
    assertEquals(List.of(7L, 8L), numbers(c.nextLevelInputs()));
    assertTrue(c.isBottommost());
    assertFalse(c.isTrivialMove());
  }

  @Test
  void roundRobinSweepsTheLevel() {
    VersionState s = state(new VersionEdit()
        .addFile(1, file(1, "a", "b", 30 * MIB)).addFile(1, file(2, "c", "d", 30 * MIB))
        .addFile(1, file(3, "e", "f", 30 * MIB)));
    assertNull(picker.cursor(1));
    assertEquals(List.of(1L), numbers(picker.pick(s).inputs()));
    assertArrayEquals(bytes("b"), picker.cursor(1));
    assertEquals(List.of(2L), numbers(picker.pick(s).inputs()));
    assertEquals(List.of(3L), numbers(picker.pick(s).inputs()));
    assertEquals(List.of(1L), numbers(picker.pick(s).inputs()), "wraps around");
    // After file 1 moved down, the sweep continues after the cursor ("b"): file 2.
    Compaction c = picker.compactRange(s, 1, bytes("a"), bytes("a"));
    assertTrue(c.isTrivialMove());
    VersionState moved = s.apply(c.toEdit(c.inputs()).addFile(1, file(4, "g", "h", 30 * MIB)));
    assertEquals(List.of(1L), numbers(moved.files(2)));
    assertEquals(List.of(2L), numbers(picker.pick(moved).inputs()));
  }

  @Test
  void inputsGrowWhenTheNextLevelSetStaysTheSame() {
    VersionState s = state(new VersionEdit()
        .addFile(1, file(1, "a", "b", 40 * MIB)).addFile(1, file(2, "c", "d", 40 * MIB))
        .addFile(1, file(3, "p", "q", 40 * MIB))
        .addFile(2, file(4, "a", "d", MIB)).addFile(2, file(5, "p", "p", MIB)).addFile(2, file(6, "q", "z", MIB)));
    Compaction c = picker.pick(s);
    assertEquals(List.of(1L, 2L), numbers(c.inputs()), "file 2 joins: L2 file 4 covers it already");
    assertEquals(List.of(4L), numbers(c.nextLevelInputs()));
    assertArrayEquals(bytes("d"), picker.cursor(1));
    c = picker.pick(s);
    assertEquals(List.of(3L), numbers(c.inputs()));
    assertEquals(List.of(5L, 6L), numbers(c.nextLevelInputs()));
    // File 7 would pull in L2 file 9 too: no growth.
    VersionState t = state(new VersionEdit()
        .addFile(1, file(7, "a", "b", 40 * MIB)).addFile(1, file(8, "c", "d", 40 * MIB))
        .addFile(2, file(9, "b", "c", MIB)).addFile(2, file(10, "d", "e", MIB)));
    Compaction d = new CompactionPicker(options).pick(t);
    assertEquals(List.of(7L), numbers(d.inputs()));
    assertEquals(List.of(9L), numbers(d.nextLevelInputs()));
  }

  @Test
  void bottommostLooksAtEveryLowerLevel() {
    VersionState s = state(new VersionEdit()
        .addFile(1, file(1, "c", "d", 100 * MIB))
        .addFile(2, file(2, "a", "c", MIB))
        .addFile(3, file(3, "e", "f", MIB)));
    Compaction c = picker.pick(s);
    assertEquals(List.of(2L), numbers(c.nextLevelInputs()));
    assertTrue(c.isBottommost(), "L3's file lies outside [a, d]");
    VersionState t = s.apply(new VersionEdit().addFile(3, file(4, "a", "a", MIB)));
    assertFalse(new CompactionPicker(options).pick(t).isBottommost(), "L3's file 4 meets the next-level input");
  }

  @Test
  void compactRangePicksOneLevel() {
    VersionState s = state(new VersionEdit()
        .addFile(0, file(1, "a", "c", MIB)).addFile(0, file(2, "b", "k", MIB))
        .addFile(1, file(3, "a", "b", MIB)).addFile(1, file(4, "j", "m", MIB)).addFile(1, file(5, "x", "y", MIB))
        .addFile(3, file(6, "a", "z", MIB)));
    Compaction c = picker.compactRange(s, 0, bytes("a"), bytes("a"));
    assertEquals(List.of(2L, 1L), numbers(c.inputs()), "L0 closure");
    assertEquals(List.of(3L, 4L), numbers(c.nextLevelInputs()));
    c = picker.compactRange(s, 1, null, null);
    assertEquals(List.of(3L, 4L, 5L), numbers(c.inputs()));
    assertEquals(List.of(), c.nextLevelInputs());
    assertFalse(c.isBottommost());
    c = picker.compactRange(s, 3, bytes("q"), null);
    assertEquals(3, c.outputLevel(), "the last level compacts into itself");
    assertTrue(c.isBottommost());
    assertNull(picker.compactRange(s, 2, null, null));
    assertNull(picker.compactRange(s, 1, bytes("c"), bytes("i")));
    assertNull(picker.cursor(1), "manual compactions leave the cursors alone");
    VersionState after = s.apply(c.toEdit(List.of(file(7, "a", "y", MIB))));
    assertEquals(List.of(7L), numbers(after.files(3)));
  }

  @Test
  void stallStatesFollowL0Count() {
    VersionEdit e = new VersionEdit();
    VersionState s = state(e);
    for (int n = 1; n <= 21; n++) {
      s = s.apply(new VersionEdit().addFile(0, file(n, "a", "b", MIB)));
      WriteStall expected = n >= 20 ? WriteStall.STOP : n >= 12 ? WriteStall.SLOWDOWN : WriteStall.NONE;
      assertEquals(expected, picker.stallState(s), n + " L0 files");
    }
  }

  @Test
  void debtCountsBytesAboveTargets() {
    assertEquals(0, picker.compactionDebtBytes(VersionState.empty(4)));
    VersionState small = state(new VersionEdit().addFile(0, file(1, "a", "b", MIB))
        .addFile(1, file(2, "a", "b", 10 * MIB)));
    assertEquals(0, picker.compactionDebtBytes(small));
    // L0 at its trigger (4 files, 4 MiB) rewrites itself and L1 (10 MiB).
    VersionState l0 = small.apply(new VersionEdit().addFile(0, file(3, "a", "b", MIB))
        .addFile(0, file(4, "a", "b", MIB)).addFile(0, file(5, "a", "b", MIB)));
    assertEquals(14 * MIB, picker.compactionDebtBytes(l0));
    // L1 at 128 MiB: 64 MiB over; L2 holds 64 MiB, half of L1: 64 * 1.5 = 96 MiB.
    VersionState l1 = state(new VersionEdit().addFile(1, file(1, "a", "b", 128 * MIB))
        .addFile(2, file(2, "a", "b", 64 * MIB)));
    assertEquals(96 * MIB, picker.compactionDebtBytes(l1));
  }

  @Test
  void busyFilesAreAvoided() {
    VersionState s = state(new VersionEdit()
        .addFile(0, file(1, "a", "b", MIB)).addFile(0, file(2, "m", "n", MIB)).addFile(0, file(3, "a", "a", MIB))
        .addFile(0, file(4, "x", "y", MIB))
        .addFile(1, file(5, "a", "b", 30 * MIB)).addFile(1, file(6, "c", "d", 30 * MIB))
        .addFile(1, file(7, "e", "f", 30 * MIB))
        .addFile(2, file(8, "e", "e", MIB)));
    // L0 (score 1.0) and L1 (90 MiB / 64 MiB): L1 first. File 5 busy: the sweep takes file 6.
    Compaction c = picker.pick(s, n -> n == 5);
    assertEquals(1, c.level());
    assertEquals(List.of(6L), numbers(c.inputs()));
    assertArrayEquals(bytes("d"), picker.cursor(1));
    // File 7 is next, but its next-level file 8 is busy: wrap around to file 5.
    assertEquals(List.of(5L), numbers(picker.pick(s, n -> n == 8).inputs()));
    // All of L1 busy: L0's oldest closure {3, 1} holds busy file 5 in L1 too, so the closure of file 2 goes.
    c = picker.pick(s, n -> n >= 5 && n <= 7);
    assertEquals(0, c.level());
    assertEquals(List.of(2L), numbers(c.inputs()));
    assertTrue(c.isTrivialMove());
    assertNull(picker.pick(s, n -> true));
    // Expansion skips a busy file: L1 files 9 and 10 both under L2 file 11, file 10 busy.
    VersionState t = state(new VersionEdit()
        .addFile(1, file(9, "a", "b", 40 * MIB)).addFile(1, file(10, "c", "d", 40 * MIB))
        .addFile(2, file(11, "a", "d", MIB)));
    assertEquals(List.of(9L), numbers(new CompactionPicker(options).pick(t, n -> n == 10).inputs()));
    assertEquals(List.of(9L, 10L), numbers(new CompactionPicker(options).pick(t).inputs()));
  }

  @Test
  void stateMustHaveTheOptionsLevelCount() {
    assertThrows(IllegalArgumentException.class, () -> picker.pick(VersionState.empty(7)));
  }
}
