package dev.cascade.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Compression;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Durability;
import dev.cascade.engine.EntryFilter;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.io.uring.UringIoEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store against a {@link TreeMap}: random puts, deletes, range deletes, batches across shards, snapshots,
 * iterators both ways with bounds and filters, flushes, compactions and close/reopen, with options small enough
 * that every operation crosses memtable, L0 and deeper levels. Each configuration of shard count, I/O engine and
 * compression runs the same kind of workload (metamorphic: the answers must not depend on the options). Prints
 * its seed; {@code -Dseed=} replays, {@code -Pstress} runs longer and every combination.
 */
class StoreModelTest {
  private static final boolean STRESS = Boolean.getBoolean("cascade.stress");
  private static final int OPS = STRESS ? 20_000 : 1_500;
  private static final EntryFilter EVEN_LENGTH = (k, v) -> v.byteSize() % 2 == 0;

  @TempDir
  Path tmp;

  static Stream<Arguments> configurations() {
    List<Arguments> all = new ArrayList<>();
    for (int shards : new int[] {1, 4}) {
      for (IoEngineKind io : IoEngineKind.values()) {
        for (Compression c : Compression.values()) {
          all.add(Arguments.of(shards, io, c));
        }
      }
    }
    if (STRESS) {
      return all.stream();
    }
    // Every value of every dimension at least once.
    return Stream.of(Arguments.of(1, IoEngineKind.URING, Compression.LZ4),
        Arguments.of(4, IoEngineKind.URING, Compression.NONE),
        Arguments.of(4, IoEngineKind.FILECHANNEL, Compression.ZSTD),
        Arguments.of(1, IoEngineKind.FILECHANNEL, Compression.NONE));
  }

  static Options smallOptions(int shards, IoEngineKind io, Compression c) {
    return Options.builder().shardCount(shards).ioEngineKind(io).compression(c)
        .memtableBytes(64 << 10).cacheBytes(shards * 256L << 10).walSegmentBytes(64 << 10).walSegmentCount(4)
        .targetFileBytes(64 << 10).level1MaxBytes(1 << 20).l0CompactionTrigger(2).l0SlowdownTrigger(8)
        .l0StopTrigger(12)
        // One configuration writes its WAL through the page cache, the other mode of the WAL.
        .walDirectIo(!(shards == 1 && io == IoEngineKind.FILECHANNEL && c == Compression.NONE)).build();
  }

  @ParameterizedTest(name = "shards={0} io={1} compression={2}")
  @MethodSource("configurations")
  void matchesTreeMap(int shards, IoEngineKind io, Compression compression) {
    if (io == IoEngineKind.URING) {
      Assumptions.assumeTrue(UringIoEngine.isAvailable(), "io_uring unavailable");
    }
    long seed = TestSeeds.seed("StoreModelTest[" + shards + "," + io + "," + compression + "]");
    Random rnd = new Random(seed);
    Options options = smallOptions(shards, io, compression);
    Path dir = tmp.resolve("store");
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    List<Snap> snaps = new ArrayList<>();
    CascadeDb db = CascadeDb.open(dir, options);
    try {
      for (int op = 0; op < OPS; op++) {
        int r = rnd.nextInt(1000);
        String what = "op " + op + " (seed " + seed + ")";
        if (r < 450) {
          byte[] k = key(rnd);
          byte[] v = value(rnd);
          db.put(k, v, durability(rnd));
          model.put(k, v);
        } else if (r < 550) {
          byte[] k = key(rnd);
          db.delete(k, durability(rnd));
          model.remove(k);
        } else if (r < 570) {
          byte[] a = key(rnd);
          byte[] b = key(rnd);
          int c = Arrays.compareUnsigned(a, b);
          if (c != 0) {
            byte[] lo = c < 0 ? a : b;
            byte[] hi = c < 0 ? b : a;
            db.deleteRange(lo, hi, durability(rnd));
            model.subMap(lo, true, hi, false).clear();
          }
        } else if (r < 640) {
          WriteBatch batch = new WriteBatch();
          int n = 1 + rnd.nextInt(12);
          for (int i = 0; i < n; i++) {
            byte[] k = key(rnd);
            if (rnd.nextInt(4) == 0) {
              batch.delete(k);
              model.remove(k);
            } else {
              byte[] v = value(rnd);
              batch.put(k, v);
              model.put(k, v);
            }
          }
          db.write(batch, durability(rnd));
        } else if (r < 800) {
          byte[] k = key(rnd);
          assertArrayEquals(model.get(k), db.get(k), what + ": get " + hex(k));
        } else if (r < 830) {
          List<byte[]> keys = new ArrayList<>();
          for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
            keys.add(key(rnd));
          }
          List<byte[]> got = db.multiGet(keys);
          for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(model.get(keys.get(i)), got.get(i), what + ": multiGet " + hex(keys.get(i)));
          }
        } else if (r < 880) {
          checkIterator(db, model, null, rnd, what);
        } else if (r < 900) {
          if (snaps.size() >= 3) {
            snaps.removeFirst().close();
          }
          snaps.add(new Snap(db.snapshot(), new TreeMap<>(model)));
        } else if (r < 930 && !snaps.isEmpty()) {
          Snap s = snaps.get(rnd.nextInt(snaps.size()));
          byte[] k = key(rnd);
          assertArrayEquals(s.model.get(k), db.get(k, s.snapshot), what + ": get at snapshot " + hex(k));
          if (rnd.nextBoolean()) {
            checkIterator(db, s.model, s.snapshot, rnd, what + " at snapshot");
          } else {
            List<byte[]> keys = new ArrayList<>();
            for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
              keys.add(key(rnd));
            }
            List<byte[]> got = db.multiGet(keys, s.snapshot);
            for (int i = 0; i < keys.size(); i++) {
              assertArrayEquals(s.model.get(keys.get(i)), got.get(i),
                  what + ": multiGet at snapshot " + hex(keys.get(i)));
            }
          }
        } else if (r < 950) {
          db.flush();
        } else if (r < 965) {
          byte[] a = rnd.nextBoolean() ? null : key(rnd);
          db.compactRange(a, null);
        } else if (r < 980) {
          for (Snap s : snaps) {
            s.close();
          }
          snaps.clear();
          db.close();
          db = CascadeDb.open(dir, options);
        } else if (r < 995) {
          byte[] a = key(rnd);
          byte[] b = key(rnd);
          byte[] lo = Arrays.compareUnsigned(a, b) <= 0 ? a : b;
          byte[] hi = lo == a ? b : a;
          if (!db.mayHaveKeysIn(lo, hi)) {
            assertEquals(Map.of(), model.subMap(lo, true, hi, true),
                what + ": no key may lie in [" + hex(lo) + ", " + hex(hi) + "], but some do");
          }
        }
      }
      checkIterator(db, model, null, rnd, "final");
      for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
        assertArrayEquals(e.getValue(), db.get(e.getKey()), "final get " + hex(e.getKey()) + " (seed " + seed + ")");
      }
      for (Snap s : snaps) {
        s.close();
      }
      db.close();
      db = CascadeDb.open(dir, options);
      checkIterator(db, model, null, rnd, "after reopen");
    } finally {
      db.close();
    }
  }

  /**
   * L0 files that do not overlap (chunks of ascending keys, one flush each), some that do (random keys between
   * them, overwrites and deletes of loaded keys), and L0 kept from compacting: scans merge runs of disjoint files
   * (LevelIterator.disjointRuns) with overlapping files and the memtable, both ways, and must match the model.
   */
  @ParameterizedTest(name = "shards={0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3})
  void disjointL0FilesMatchTreeMap(int shards) {
    long seed = TestSeeds.seed("StoreModelTest.disjointL0FilesMatchTreeMap[" + shards + "]");
    Random rnd = new Random(seed);
    Options options = Options.builder().shardCount(shards).memtableBytes(1 << 20).cacheBytes(shards * 1L << 20)
        .targetFileBytes(64 << 10).l0CompactionTrigger(40).l0SlowdownTrigger(60).l0StopTrigger(80).build();
    TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
    try (CascadeDb db = CascadeDb.open(tmp.resolve("store"), options)) {
      int next = 0;
      for (int chunk = 0; chunk < 12; chunk++) {
        for (int i = 0, n = 20 + rnd.nextInt(60); i < n; i++, next++) {
          byte[] k = String.format("key%05d", next).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
          byte[] v = value(rnd);
          db.put(k, v);
          model.put(k, v);
        }
        if (rnd.nextInt(3) == 0) {
          // An overlapping file: random keys across what is loaded so far, some deleted.
          for (int i = 0; i < 10; i++) {
            byte[] k = String.format("key%05d", rnd.nextInt(next + 1)).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
            if (rnd.nextBoolean()) {
              db.delete(k);
              model.remove(k);
            } else {
              byte[] v = value(rnd);
              db.put(k, v);
              model.put(k, v);
            }
          }
        }
        if (rnd.nextInt(4) != 0) {
          db.flush();
        }
        if (chunk % 3 == 2) {
          Snapshot snap = db.snapshot();
          try {
            checkIterator(db, model, snap, rnd, "chunk " + chunk + " (seed " + seed + ")");
          } finally {
            snap.close();
          }
        }
      }
      long l0 = db.properties().total().filesPerLevel()[0];
      org.junit.jupiter.api.Assertions.assertTrue(l0 >= 6, "expected many L0 files, got " + l0);
      for (int round = 0; round < 10; round++) {
        checkIterator(db, model, null, rnd, "final round " + round + " (seed " + seed + ")");
      }
    }
  }

  private record Snap(Snapshot snapshot, TreeMap<byte[], byte[]> model) {
    void close() {
      snapshot.close();
    }
  }

  /** Full scans both ways, then random seeks and steps, with random bounds and sometimes a filter. */
  static void checkIterator(CascadeDb db, TreeMap<byte[], byte[]> model, Snapshot snap, Random rnd, String what) {
    byte[] lo = rnd.nextInt(3) == 0 ? key(rnd) : null;
    byte[] hi = rnd.nextInt(3) == 0 ? key(rnd) : null;
    if (lo != null && hi != null && Arrays.compareUnsigned(lo, hi) > 0) {
      byte[] t = lo;
      lo = hi;
      hi = t;
    }
    EntryFilter filter = rnd.nextInt(4) == 0 ? EVEN_LENGTH : null;
    NavigableMap<byte[], byte[]> view = model;
    if (lo != null) {
      view = view.tailMap(lo, true);
    }
    if (hi != null) {
      view = view.headMap(hi, false);
    }
    TreeMap<byte[], byte[]> expected = new TreeMap<>(Arrays::compareUnsigned);
    for (var e : view.entrySet()) {
      if (filter == null || e.getValue().length % 2 == 0) {
        expected.put(e.getKey(), e.getValue());
      }
    }
    ReadOptions ro = ReadOptions.defaults().withSnapshot(snap).withBounds(lo, hi).withFilter(filter)
        .withBatchEntries(1 + rnd.nextInt(40)).withPrefetch(rnd.nextBoolean());
    String where = what + " bounds [" + hex(lo) + ", " + hex(hi) + ") filter=" + (filter != null) + " prefetch="
        + ro.prefetch();
    try (DbIterator it = db.iterator(ro)) {
      List<byte[]> keys = new ArrayList<>(expected.keySet());
      int i = 0;
      for (it.seekToFirst(); it.valid(); it.next(), i++) {
        assertArrayEquals(keys.get(i), it.key(), where + ": forward key " + i);
        assertArrayEquals(expected.get(keys.get(i)), it.value(), where + ": forward value " + i);
      }
      assertEquals(keys.size(), i, where + ": forward count");
      i = keys.size() - 1;
      for (it.seekToLast(); it.valid(); it.prev(), i--) {
        assertArrayEquals(keys.get(i), it.key(), where + ": backward key " + i);
      }
      assertEquals(-1, i, where + ": backward count");
      for (int round = 0; round < 5; round++) {
        byte[] target = key(rnd);
        boolean fwd = rnd.nextBoolean();
        Map.Entry<byte[], byte[]> e = fwd ? expected.ceilingEntry(target) : expected.floorEntry(target);
        if (fwd) {
          it.seek(target);
        } else {
          it.seekForPrev(target);
        }
        for (int step = 0; step < 8; step++) {
          if (e == null) {
            assertFalse(it.valid(), where + ": seek " + hex(target) + " step " + step + " should be exhausted");
            break;
          }
          assertArrayEquals(e.getKey(), it.key(), where + ": seek " + hex(target) + " step " + step);
          if (rnd.nextBoolean()) {
            it.next();
            e = expected.higherEntry(e.getKey());
          } else {
            it.prev();
            e = expected.lowerEntry(e.getKey());
          }
        }
      }
    }
  }

  private static Durability durability(Random rnd) {
    int r = rnd.nextInt(10);
    return r < 6 ? Durability.BUFFERED : r < 9 ? Durability.SYNC : Durability.NONE;
  }

  /** Keys from a small space, so that writes overwrite and deletes hit; a few long and binary ones. */
  static byte[] key(Random rnd) {
    int k = rnd.nextInt(600);
    if (k < 5) {
      byte[] b = new byte[k];
      Arrays.fill(b, (byte) (k == 4 ? 0xff : 0));
      return b;
    }
    if (k < 10) {
      byte[] b = new byte[1000 + k];
      Arrays.fill(b, (byte) ('a' + k));
      return b;
    }
    return String.format("key%05d", k * 7919 % 100_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  static byte[] value(Random rnd) {
    int len = rnd.nextInt(100) == 0 ? 5_000 + rnd.nextInt(20_000) : rnd.nextInt(200);
    byte[] v = new byte[len];
    for (int i = 0; i < len; i++) {
      v[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 'v');
    }
    return v;
  }

  static String hex(byte[] b) {
    if (b == null) {
      return "null";
    }
    String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, 16));
    return b.length > 16 ? h + "...(" + b.length + " bytes)" : h;
  }
}
