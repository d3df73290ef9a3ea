package dev.cascade.engine.version;

import static dev.cascade.engine.version.VersionCodecTest.bytes;
import static dev.cascade.engine.version.VersionCodecTest.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.RangeTombstone;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Version states: apply's invariants, and the lookups against brute force. */
class VersionStateTest {
  @Test
  void applyAddsDeletesAndMovesFiles() {
    VersionState s = VersionState.empty(3).apply(new VersionEdit()
        .addFile(0, new FileMeta(1, 10, bytes("a"), bytes("m"), 1, 5, 1, 0))
        .addFile(0, new FileMeta(2, 20, bytes("c"), bytes("z"), 6, 9, 1, 0))
        .addFile(1, meta(3, "k", "p")).addFile(1, meta(4, "a", "b"))
        .walReplayFrom(77));
    assertEquals(List.of(2L, 1L), numbers(s.files(0)), "L0 newest first");
    assertEquals(List.of(4L, 3L), numbers(s.files(1)), "L1 by smallest key");
    assertEquals(30, s.levelBytes(0));
    assertEquals(200, s.levelBytes(1));
    assertEquals(4, s.totalFiles());
    assertEquals(5, s.nextFileNumber(), "raised past the added files");
    assertEquals(9, s.lastSequence(), "raised to the added files' sequences");
    assertEquals(77, s.walReplayFrom());

    // A trivial move: delete from L1, add the same file to L2.
    VersionState moved = s.apply(new VersionEdit().deleteFile(1, 3).addFile(2, s.files(1).get(1)));
    assertEquals(List.of(4L), numbers(moved.files(1)));
    assertEquals(List.of(3L), numbers(moved.files(2)));
    assertEquals(77, moved.walReplayFrom(), "unset fields carry over");
    assertTrue(moved.containsFile(3));
    assertFalse(moved.containsFile(5));

    VersionState gone = moved.apply(new VersionEdit().deleteFile(0, 1).deleteFile(0, 2));
    assertEquals(List.of(), gone.files(0));
    assertEquals(0, gone.levelBytes(0));
    assertEquals(s, s.apply(new VersionEdit()), "an empty edit changes nothing");
  }

  @Test
  void applyRejectsBrokenEdits() {
    VersionState s = VersionState.empty(3).apply(new VersionEdit().addFile(1, meta(1, "c", "f"))
        .nextFileNumber(10).lastSequence(50));
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().addFile(1, meta(2, "f", "g"))),
        "L1 files overlapping at one key");
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().addFile(1, meta(2, "a", "z"))),
        "L1 file containing another");
    s.apply(new VersionEdit().addFile(0, meta(2, "a", "z")));
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().addFile(2, meta(1, "x", "y"))),
        "file number already live");
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().deleteFile(2, 1)),
        "deleting a file from the wrong level");
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().deleteFile(1, 9)),
        "deleting a missing file");
    assertThrows(IllegalArgumentException.class, () -> new VersionEdit().deleteFile(1, 1).deleteFile(1, 1));
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().nextFileNumber(9)));
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().lastSequence(49)));
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().addFile(3, meta(5, "a", "b"))),
        "level beyond the state's");
    RangeTombstone t = new RangeTombstone(bytes("a"), bytes("b"), 3);
    VersionState withT = s.apply(new VersionEdit().addTombstone(t));
    assertEquals(List.of(t), withT.rangeTombstones());
    assertThrows(IllegalArgumentException.class, () -> withT.apply(new VersionEdit().addTombstone(t)));
    assertEquals(List.of(), withT.apply(new VersionEdit().removeTombstone(t)).rangeTombstones());
    assertThrows(IllegalArgumentException.class, () -> s.apply(new VersionEdit().removeTombstone(t)));
  }

  @Test
  void constructorChecksInvariants() {
    List<List<FileMeta>> levels = List.of(List.of(), List.of(meta(2, "d", "e"), meta(1, "a", "b")));
    assertThrows(IllegalArgumentException.class, () -> new VersionState(levels, 3, 0, 1, List.of()),
        "L1 out of order");
    assertThrows(IllegalArgumentException.class,
        () -> new VersionState(List.of(List.of(meta(5, "a", "b"))), 5, 0, 1, List.of()),
        "file number not below nextFileNumber");
    assertThrows(IllegalArgumentException.class,
        () -> new VersionState(List.of(List.of(meta(1, "a", "b"))), 5, 0, 0, List.of()),
        "file sequence above lastSequence");
    assertThrows(IllegalArgumentException.class, () -> new VersionState(List.of(
        List.of(new FileMeta(1, 1, bytes("a"), bytes("b"), 0, 1, 0, 0), new FileMeta(2, 1, bytes("a"), bytes("b"),
            0, 2, 0, 0))), 5, 0, 9, List.of()), "L0 oldest first");
    assertThrows(IllegalArgumentException.class, () -> VersionState.empty(VersionState.LEVELS_MAX + 1));
    assertThrows(IllegalArgumentException.class, () -> meta(0, "a", "b"));
    assertThrows(IllegalArgumentException.class, () -> meta(1, "b", "a"));
    assertThrows(IllegalArgumentException.class, () -> new FileMeta(1, 1, bytes("a"), bytes("b"), 2, 1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new FileMeta(1, 1, bytes("a"), bytes("b"), 0, 1, 1, 2));
  }

  /** filesForKey and overlapping against brute force, over random states and keys. */
  @Test
  void lookupsMatchBruteForce() {
    Random random = new Random(TestSeeds.seed("VersionStateTest.lookupsMatchBruteForce"));
    RandomStates gen = new RandomStates(random);
    for (int round = 0; round < 200; round++) {
      VersionState s = gen.state(4, 12);
      for (int q = 0; q < 50; q++) {
        byte[] key = gen.key();
        byte[] a = gen.key();
        byte[] b = gen.key();
        byte[] lo = random.nextInt(8) == 0 ? null : KeyOrder.compare(a, b) <= 0 ? a : b;
        byte[] hi = random.nextInt(8) == 0 ? null : KeyOrder.compare(a, b) <= 0 ? b : a;
        for (int l = 0; l < s.levelCount(); l++) {
          List<FileMeta> files = s.files(l);
          List<FileMeta> expected = files.stream().filter(f -> f.contains(key)).toList();
          assertEquals(expected, s.filesForKey(l, key), "filesForKey L" + l);
          if (l > 0) {
            assertEquals(expected.isEmpty() ? null : expected.getFirst(), s.fileForKey(l, key), "fileForKey L" + l);
          }
          if (l > 0) {
            assertEquals(files.stream().filter(f -> f.overlaps(lo, hi)).toList(), s.overlapping(l, lo, hi),
                "overlapping L" + l);
          } else {
            assertEquals(transitiveL0(files, lo, hi), s.overlapping(0, lo, hi), "overlapping L0");
          }
        }
      }
    }
  }

  /** The L0 closure by its definition: the fixpoint of "add every file meeting the range of what is taken". */
  private static List<FileMeta> transitiveL0(List<FileMeta> files, byte[] lo, byte[] hi) {
    List<FileMeta> taken = files.stream().filter(f -> f.overlaps(lo, hi)).toList();
    while (true) {
      byte[] l = lo;
      byte[] h = hi;
      for (FileMeta f : taken) {
        l = l == null || KeyOrder.compare(f.smallestKey(), l) >= 0 ? l : f.smallestKey();
        h = h == null || KeyOrder.compare(f.largestKey(), h) <= 0 ? h : f.largestKey();
      }
      byte[] fl = l;
      byte[] fh = h;
      List<FileMeta> next = files.stream().filter(f -> f.overlaps(fl, fh)).toList();
      if (next.equals(taken)) {
        // No file left out meets a file taken.
        for (FileMeta out : files) {
          if (!taken.contains(out)) {
            for (FileMeta in : taken) {
              assertFalse(out.overlaps(in.smallestKey(), in.largestKey()), "closure leaves out an overlapping file");
            }
          }
        }
        return taken;
      }
      taken = next;
    }
  }

  /** Random edits applied in sequence keep every invariant and match a simple model of the file sets. */
  @Test
  void randomEditsKeepInvariants() {
    Random random = new Random(TestSeeds.seed("VersionStateTest.randomEditsKeepInvariants"));
    RandomStates gen = new RandomStates(random);
    VersionState s = VersionState.empty(3);
    List<List<Long>> model = new ArrayList<>(List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    for (int step = 0; step < 500; step++) {
      VersionEdit e = new VersionEdit();
      int level = random.nextInt(3);
      List<FileMeta> files = s.files(level);
      if (!files.isEmpty() && random.nextBoolean()) {
        FileMeta victim = files.get(random.nextInt(files.size()));
        e.deleteFile(level, victim.fileNumber());
        model.get(level).remove(victim.fileNumber());
      }
      FileMeta added = level == 0 ? gen.randomFile() : gen.sortedLevel(1).getFirst();
      e.addFile(level, added);
      try {
        s = s.apply(e);
        model.get(level).add(added.fileNumber());
      } catch (IllegalArgumentException overlap) {
        assertTrue(level > 0 && overlap.getMessage().contains("overlap"), overlap.getMessage());
        s.files(level).stream().filter(f -> !model.get(level).contains(f.fileNumber()))
            .forEach(f -> model.get(level).add(f.fileNumber()));
      }
      for (int l = 0; l < 3; l++) {
        assertEquals(model.get(l).stream().sorted().toList(), numbers(s.files(l)).stream().sorted().toList());
      }
      assertTrue(s.nextFileNumber() > s.totalFiles() - 1);
    }
  }

  private static List<Long> numbers(List<FileMeta> files) {
    return files.stream().map(FileMeta::fileNumber).toList();
  }
}
