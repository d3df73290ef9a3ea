package dev.cascade.engine.version;

import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.RangeTombstone;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Random keys, files and valid version states for the tests of this package.
 *
 * <p>Owned by the test thread.
 */
final class RandomStates {
  private final Random random;
  private long nextNumber = 1;

  RandomStates(Random random) {
    this.random = random;
  }

  /** A key of 0 to 6 bytes over a small alphabet, so that ranges collide often; rarely a long one. */
  byte[] key() {
    int n = random.nextInt(50) == 0 ? random.nextInt(Limits.KEY_BYTES_MAX + 1) : random.nextInt(7);
    byte[] k = new byte[n];
    for (int i = 0; i < n; i++) {
      k[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : 'a' + random.nextInt(4));
    }
    return k;
  }

  FileMeta file(byte[] lo, byte[] hi, long smallestSeq, long largestSeq) {
    long entries = random.nextInt(1000);
    return new FileMeta(nextNumber++, random.nextInt(1 << 24), lo, hi, smallestSeq, largestSeq, entries,
        entries == 0 ? 0 : random.nextLong(entries + 1));
  }

  FileMeta randomFile() {
    byte[] a = key();
    byte[] b = key();
    long s1 = random.nextLong(1000);
    long s2 = s1 + random.nextLong(1000);
    return KeyOrder.compare(a, b) <= 0 ? file(a, b, s1, s2) : file(b, a, s1, s2);
  }

  /** Non-overlapping files for a sorted level, from disjoint pairs of sorted distinct keys. */
  List<FileMeta> sortedLevel(int count) {
    TreeSet<byte[]> keys = new TreeSet<>(KeyOrder::compare);
    while (keys.size() < 2 * count) {
      keys.add(key());
    }
    List<byte[]> sorted = new ArrayList<>(keys);
    List<FileMeta> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] lo = sorted.get(2 * i);
      byte[] hi = random.nextInt(5) == 0 ? lo : sorted.get(2 * i + 1);
      long s1 = random.nextLong(1000);
      out.add(file(lo, hi, s1, s1 + random.nextLong(1000)));
    }
    return out;
  }

  RangeTombstone tombstone() {
    byte[] a = key();
    byte[] b = key();
    while (KeyOrder.compare(a, b) == 0) {
      b = key();
    }
    long seq = random.nextLong(2000);
    return KeyOrder.compare(a, b) < 0 ? new RangeTombstone(a, b, seq) : new RangeTombstone(b, a, seq);
  }

  /** A valid state of {@code levels} levels with up to {@code filesMax} files per level, built through apply. */
  VersionState state(int levels, int filesMax) {
    VersionEdit e = new VersionEdit();
    int l0 = random.nextInt(filesMax + 1);
    for (int i = 0; i < l0; i++) {
      e.addFile(0, randomFile());
    }
    for (int l = 1; l < levels; l++) {
      for (FileMeta f : sortedLevel(random.nextInt(filesMax + 1))) {
        e.addFile(l, f);
      }
    }
    int tombstones = random.nextInt(4);
    for (int i = 0; i < tombstones; i++) {
      e.addTombstone(tombstone());
    }
    e.walReplayFrom(random.nextLong(1L << 40)).nextFileNumber(nextNumber + random.nextInt(3));
    e.lastSequence(random.nextInt(2) == 0 ? 0 : 3000 + random.nextLong(Limits.SEQUENCE_MAX - 3000));
    return VersionState.empty(levels).apply(dedupe(e));
  }

  /** Builds a fresh edit without duplicate tombstones (random ones may repeat). */
  private static VersionEdit dedupe(VersionEdit e) {
    VersionEdit out = new VersionEdit();
    for (int l = 0; l < VersionState.LEVELS_MAX; l++) {
      for (FileMeta f : e.addedFiles(l)) {
        out.addFile(l, f);
      }
    }
    e.addedTombstones().stream().distinct().forEach(out::addTombstone);
    out.walReplayFrom(e.walReplayFrom()).nextFileNumber(e.nextFileNumber()).lastSequence(e.lastSequence());
    return out;
  }

  long nextNumber() {
    return nextNumber;
  }
}
