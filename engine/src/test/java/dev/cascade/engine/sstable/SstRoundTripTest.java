package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.sstable.SstFixture.Entry;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model test: random entries (empty and 2 KiB keys, 0x00/0xff bytes, many versions, deletes, values from
 * empty to several pages) written with each compression on each I/O engine, then read back against the model with
 * gets at many snapshots, full scans both ways, seeks, seeks for prev, and random walks of next and prev.
 */
class SstRoundTripTest {
  @TempDir Path dir;

  static Stream<Arguments> cases() {
    List<Arguments> a = new ArrayList<>();
    for (IoEngineKind kind : IoEngineKind.values()) {
      for (Compression c : Compression.values()) {
        a.add(Arguments.of(kind, c));
      }
    }
    return a.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void roundTrip(IoEngineKind engineKind, Compression compression) {
    long seed = TestSeeds.seed("SstRoundTripTest " + engineKind + " " + compression);
    Random rnd = new Random(seed);
    List<Entry> model = randomEntries(rnd, Boolean.getBoolean("cascade.stress") ? 20_000 : 800);
    try (SstFixture f = new SstFixture(engineKind)) {
      Path path = dir.resolve("000007.sst");
      SstOptions options = SstOptions.defaults().withCompression(compression);
      long t0 = System.nanoTime();
      SstMeta meta = f.write(path, 7, options, model);
      long t1 = System.nanoTime();
      assertEquals(model.size(), meta.entryCount());
      assertTrue(Arrays.equals(model.getFirst().key(), meta.smallestKey()));
      assertTrue(Arrays.equals(model.getLast().key(), meta.largestKey()));
      assertEquals(model.stream().filter(e -> e.kind() == EntryKind.DELETE).count(), meta.deleteCount());
      try (SstReader r = f.open(path, 7)) {
        assertEquals(meta.sizeBytes(), r.sizeBytes());
        assertEquals(model.size(), r.properties().entryCount());
        assertTrue(r.properties().runCount() > 0, "the model has values larger than a page");
        long t2 = System.nanoTime();
        checkGets(f, r, model, rnd, seed);
        long t3 = System.nanoTime();
        checkScans(f, r, model, seed);
        long t4 = System.nanoTime();
        checkSeeks(f, r, model, rnd, seed);
        long t5 = System.nanoTime();
        checkWalk(f, r, model, rnd, seed);
        long t6 = System.nanoTime();
        System.out.printf("%s %s: %d entries, %s; write %d ms, open %d ms, gets %d ms, scans %d ms, seeks %d ms,"
            + " walks %d ms%n", engineKind, compression, model.size(), r.properties(), (t1 - t0) / 1_000_000,
            (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000,
            (t6 - t5) / 1_000_000);
      }
      assertEquals(0, f.cache.pinned(), "every pinned page is unpinned");
    }
  }

  static List<Entry> randomEntries(Random rnd, int keyCount) {
    TreeSet<byte[]> keys = new TreeSet<>(Arrays::compareUnsigned);
    keys.add(new byte[0]);
    keys.add(filled(Limits.KEY_BYTES_MAX, (byte) 0xff));
    keys.add(filled(Limits.KEY_BYTES_MAX, (byte) 0x00));
    keys.add(new byte[] {0});
    keys.add(new byte[] {(byte) 0xff});
    while (keys.size() < keyCount) {
      int shape = rnd.nextInt(20);
      byte[] k;
      if (shape == 0) {
        k = new byte[1 + rnd.nextInt(Limits.KEY_BYTES_MAX)];
        rnd.nextBytes(k);
      } else if (shape < 4) {
        k = new byte[1 + rnd.nextInt(6)];
        rnd.nextBytes(k);
      } else {
        k = String.format("user%08d", rnd.nextInt(10_000_000)).getBytes();
      }
      keys.add(k);
    }
    List<Entry> out = new ArrayList<>();
    Set<Long> seqs = new HashSet<>();
    for (byte[] k : keys) {
      int versions = rnd.nextInt(10) == 0 ? 2 + rnd.nextInt(6) : 1;
      List<Long> vs = new ArrayList<>();
      while (vs.size() < versions) {
        long s = 1 + rnd.nextInt(100_000);
        if (seqs.add(s)) {
          vs.add(s);
        }
      }
      Collections.sort(vs, Collections.reverseOrder());
      for (long s : vs) {
        int kind = rnd.nextInt(100);
        EntryKind ek = kind < 15 ? EntryKind.DELETE : kind < 18 ? EntryKind.VALUE_POINTER : EntryKind.PUT;
        out.add(new Entry(k, s, ek, ek == EntryKind.DELETE ? new byte[0] : randomValue(rnd)));
      }
    }
    return out;
  }

  static byte[] filled(int n, byte b) {
    byte[] a = new byte[n];
    Arrays.fill(a, b);
    return a;
  }

  static byte[] randomValue(Random rnd) {
    int r = rnd.nextInt(1000);
    int size = r < 700 ? rnd.nextInt(120) : r < 950 ? rnd.nextInt(3000) : r < 994 ? 3000 + rnd.nextInt(30_000)
        : 60_000 + rnd.nextInt(80_000);
    byte[] v = new byte[size];
    if (rnd.nextBoolean()) {
      rnd.nextBytes(v); // incompressible
    } else {
      byte[] words = "alpha beta gamma delta epsilon ".getBytes();
      for (int i = 0; i < size; i++) {
        v[i] = rnd.nextInt(8) == 0 ? (byte) rnd.nextInt(256) : words[(i + size) % words.length];
      }
    }
    return v;
  }

  /** The newest version of key with seq <= snapshot in the model, or null. */
  static Entry expectedGet(List<Entry> model, byte[] key, long snapshot) {
    int i = lowerBound(model, key, snapshot << 8 | 0xff, false);
    if (i < model.size() && Arrays.equals(model.get(i).key(), key)) {
      return model.get(i);
    }
    return null;
  }

  /** First index whose entry sorts after (strict) or at (key, trailer). */
  static int lowerBound(List<Entry> model, byte[] key, long trailer, boolean strict) {
    int lo = 0;
    int hi = model.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      Entry e = model.get(mid);
      int c = Arrays.compareUnsigned(e.key(), key);
      if (c == 0) {
        c = Long.compareUnsigned(trailer, e.trailer());
      }
      if (c < 0 || (strict && c == 0)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void checkGets(SstFixture f, SstReader r, List<Entry> model, Random rnd, long seed) {
    for (int i = 0; i < 1500; i++) {
      byte[] key;
      if (rnd.nextInt(4) == 0) {
        key = String.format("user%08d", rnd.nextInt(10_000_000)).getBytes(); // mostly absent
      } else {
        key = model.get(rnd.nextInt(model.size())).key();
      }
      long snapshot = rnd.nextInt(5) == 0 ? Limits.SEQUENCE_MAX : rnd.nextInt(100_002);
      Entry want = expectedGet(model, key, snapshot);
      Entry got = SstFixture.lookup(r, f.queue, key, snapshot);
      if (!SstFixture.same(want, got)) {
        fail("seed " + seed + ": get(" + java.util.HexFormat.of().formatHex(key) + ", " + snapshot + ") = " + got
            + ", expected " + want);
      }
    }
  }

  private static void checkScans(SstFixture f, SstReader r, List<Entry> model, long seed) {
    try (InternalIterator it = r.iterator(f.queue)) {
      List<Entry> forward = SstFixture.scan(it);
      assertEquals(model.size(), forward.size(), "seed " + seed);
      for (int i = 0; i < model.size(); i++) {
        assertTrue(SstFixture.same(model.get(i), forward.get(i)), "seed " + seed + " entry " + i);
      }
      int i = model.size() - 1;
      for (it.seekToLast(); it.valid(); it.prev()) {
        assertTrue(SstFixture.same(model.get(i), SstFixture.current(it)), "seed " + seed + " backward entry " + i);
        i--;
      }
      assertEquals(-1, i, "seed " + seed);
    }
  }

  private static void checkSeeks(SstFixture f, SstReader r, List<Entry> model, Random rnd, long seed) {
    try (InternalIterator it = r.iterator(f.queue)) {
      for (int n = 0; n < 600; n++) {
        byte[] key = rnd.nextBoolean() ? model.get(rnd.nextInt(model.size())).key()
            : String.format("user%08d", rnd.nextInt(10_000_000)).getBytes();
        long seq = rnd.nextInt(4) == 0 ? Limits.SEQUENCE_MAX : rnd.nextInt(100_002);
        MemorySegment k = MemorySegment.ofArray(key);
        it.seek(k, seq);
        int want = lowerBound(model, key, KeyOrder.trailer(seq, EntryKind.RANGE_DELETE) | 0xff, false);
        checkAt(it, model, want, "seed " + seed + " seek " + n);
        it.seekForPrev(k, seq);
        int wantPrev = lowerBound(model, key, seq << 8, true) - 1;
        checkAt(it, model, wantPrev, "seed " + seed + " seekForPrev " + n);
      }
    }
  }

  private static void checkAt(InternalIterator it, List<Entry> model, int want, String what) {
    if (want < 0 || want >= model.size()) {
      assertFalse(it.valid(), what + ": expected invalid");
    } else {
      assertTrue(it.valid(), what + ": expected " + model.get(want));
      Entry got = SstFixture.current(it);
      assertTrue(SstFixture.same(model.get(want), got), what + ": got " + got + ", expected " + model.get(want));
    }
  }

  private static void checkWalk(SstFixture f, SstReader r, List<Entry> model, Random rnd, long seed) {
    try (InternalIterator it = r.iterator(f.queue)) {
      for (int walk = 0; walk < 20; walk++) {
        int pos = rnd.nextInt(model.size());
        Entry start = model.get(pos);
        it.seek(MemorySegment.ofArray(start.key()), start.seq());
        for (int step = 0; step < 200 && pos >= 0 && pos < model.size(); step++) {
          checkAt(it, model, pos, "seed " + seed + " walk " + walk + " step " + step);
          if (rnd.nextBoolean()) {
            it.next();
            pos++;
          } else {
            it.prev();
            pos--;
          }
        }
        if (pos < 0 || pos >= model.size()) {
          assertFalse(it.valid());
        }
      }
    }
  }
}
