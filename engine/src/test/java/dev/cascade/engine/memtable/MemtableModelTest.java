package dev.cascade.engine.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.LookupResult;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The memtable against a model, a TreeMap of (key, sequence) to (kind, value) in internal order: random binary
 * keys with many versions each, gets at random snapshots, and iterators moved by random seeks and mixes of next and
 * prev. The same operations run under several options (chunk sizes, tower heights), which must not change any
 * answer.
 */
class MemtableModelTest {
  private static final byte[] ALPHABET = {0x00, 0x01, 0x7f, (byte) 0x80, (byte) 0xfe, (byte) 0xff};
  private static final MemtableOptions[] CONFIGS = {
    MemtableOptions.defaults(),
    new MemtableOptions(MemtableOptions.CHUNK_BYTES_MIN, 1),
    new MemtableOptions(MemtableOptions.CHUNK_BYTES_MIN, 4),
    new MemtableOptions(8192, MemtableOptions.MAX_HEIGHT_MAX),
  };

  /** One version of a key in the model. */
  record Version(byte[] key, long seq) {
    @Override
    public String toString() {
      return HexFormat.of().formatHex(key, 0, Math.min(key.length, 16)) + (key.length > 16 ? "..(" + key.length + ")" : "")
          + "@" + seq;
    }
  }

  /** What the model holds for one version. */
  record Entry(EntryKind kind, byte[] value) {}

  /** Internal order: key ascending as unsigned bytes, then sequence descending (signed, so targets may be any). */
  private static int compare(Version a, Version b) {
    int c = Arrays.compareUnsigned(a.key, b.key);
    return c != 0 ? c : Long.compare(b.seq, a.seq);
  }

  @Test
  void randomOperationsMatchTheModelUnderEveryOption() {
    long seed = TestSeeds.seed("MemtableModelTest");
    int entries = Boolean.getBoolean("cascade.stress") ? 300_000 : 20_000;
    for (MemtableOptions options : CONFIGS) {
      try {
        long start = System.nanoTime();
        // A list of height 1 is a plain linked list: every operation is O(n), so it gets fewer entries.
        run(new Random(seed), options, options.maxHeight() == 1 ? entries / 16 : entries);
        System.out.println(options + ": " + (System.nanoTime() - start) / 1_000_000 + " ms");
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + seed + ", " + options + ": " + e.getMessage(), e);
      }
    }
  }

  private void run(Random rnd, MemtableOptions options, int entries) {
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      pool.add(randomKey(rnd));
    }
    TreeMap<Version, Entry> model = new TreeMap<>(MemtableModelTest::compare);
    long minSeq = Long.MAX_VALUE;
    long maxSeq = -1;
    long keyValueBytes = 0;
    try (Memtable table = new Memtable(options); Arena arena = Arena.ofConfined()) {
      long ascending = 0;
      for (int i = 0; i < entries; i++) {
        // A quarter of the writes go to ascending keys, mostly after every other key (the memtable's append
        // path), often the same key again with another sequence.
        byte[] key;
        if (rnd.nextInt(4) == 0) {
          ascending += rnd.nextInt(2);
          key = java.nio.ByteBuffer.allocate(9).put((byte) 0xFF).putLong(ascending).array();
          if (!pool.isEmpty() && !Arrays.equals(pool.getLast(), key)) {
            pool.add(key);
          }
        } else {
          key = pool.get(rnd.nextInt(pool.size()));
        }
        long seq = randomSeq(rnd);
        EntryKind kind = randomKind(rnd);
        byte[] value = randomValue(rnd, kind);
        Version version = new Version(key, seq);
        if (model.containsKey(version)) {
          long before = table.entryCount();
          assertThrows(IllegalStateException.class,
              () -> table.add(segment(rnd, arena, key), seq, kind, segment(rnd, arena, value)));
          assertEquals(before, table.entryCount());
          continue;
        }
        table.add(segment(rnd, arena, key), seq, kind, kind == EntryKind.DELETE && rnd.nextBoolean()
            ? null : segment(rnd, arena, value));
        model.put(version, new Entry(kind, value));
        minSeq = Math.min(minSeq, seq);
        maxSeq = Math.max(maxSeq, seq);
        keyValueBytes += key.length + value.length;
        if (i == entries / 4 || i == entries / 2) {
          check(table, model, pool, rnd);
        }
      }
      check(table, model, pool, rnd);
      assertEquals(minSeq, table.smallestSeq());
      assertEquals(maxSeq, table.largestSeq());
      checkMemory(table, model, options, keyValueBytes);
    }
  }

  private static void check(Memtable table, TreeMap<Version, Entry> model, List<byte[]> pool, Random rnd) {
    table.checkInvariants();
    assertEquals(model.size(), table.entryCount());
    try (InternalIterator it = table.iterator()) {
      checkForward(it, model);
      checkBackward(it, model);
      for (int i = 0; i < 300; i++) {
        checkSeeks(it, model, randomTarget(rnd, model, pool), rnd);
      }
    }
    LookupResult out = new LookupResult();
    for (int i = 0; i < 1000; i++) {
      Version target = randomTarget(rnd, model, pool);
      Map.Entry<Version, Entry> expected = model.ceilingEntry(target);
      boolean found = table.get(MemorySegment.ofArray(target.key), target.seq, out);
      if (expected == null || !Arrays.equals(expected.getKey().key, target.key)) {
        assertFalse(found, () -> "get " + target + " found " + out.seq);
        assertFalse(out.found());
      } else {
        assertTrue(found, () -> "get " + target + " missed " + expected.getKey());
        assertEquals(expected.getKey().seq, out.seq);
        assertEquals(expected.getValue().kind, out.kind);
        if (out.kind == EntryKind.DELETE) {
          assertNull(out.value);
        } else {
          assertArrayEquals(expected.getValue().value, out.value);
        }
      }
    }
  }

  private static void checkForward(InternalIterator it, TreeMap<Version, Entry> model) {
    it.seekToFirst();
    byte[] previousKey = null;
    long previousSeq = 0;
    int previousKind = 0;
    for (Map.Entry<Version, Entry> e : model.entrySet()) {
      assertAt(it, e);
      if (previousKey != null) {
        // The memtable's order is the engine's one order.
        assertTrue(KeyOrder.compareInternal(MemorySegment.ofArray(previousKey), previousSeq, previousKind, it.key(),
            it.sequence(), it.kind().code()) < 0);
      }
      previousKey = it.key().toArray(ValueLayout.JAVA_BYTE);
      previousSeq = it.sequence();
      previousKind = it.kind().code();
      it.next();
    }
    assertFalse(it.valid());
  }

  private static void checkBackward(InternalIterator it, TreeMap<Version, Entry> model) {
    it.seekToLast();
    for (Map.Entry<Version, Entry> e : model.descendingMap().entrySet()) {
      assertAt(it, e);
      it.prev();
    }
    assertFalse(it.valid());
  }

  /** seek and seekForPrev at {@code target}, each followed by a random walk of next and prev. */
  private static void checkSeeks(InternalIterator it, TreeMap<Version, Entry> model, Version target, Random rnd) {
    MemorySegment key = MemorySegment.ofArray(target.key);
    it.seek(key, target.seq);
    walk(it, model, model.ceilingKey(target), rnd, target);
    it.seekForPrev(key, target.seq);
    walk(it, model, model.floorKey(target), rnd, target);
  }

  private static void walk(InternalIterator it, TreeMap<Version, Entry> model, Version at, Random rnd,
      Version target) {
    for (int step = 0; ; step++) {
      if (at == null) {
        assertFalse(it.valid(), () -> "expected the end after seeking " + target);
        return;
      }
      assertAt(it, Map.entry(at, model.get(at)));
      if (step == 12) {
        return;
      }
      if (rnd.nextBoolean()) {
        it.next();
        at = model.higherKey(at);
      } else {
        it.prev();
        at = model.lowerKey(at);
      }
    }
  }

  private static void assertAt(InternalIterator it, Map.Entry<Version, Entry> e) {
    assertTrue(it.valid(), () -> "expected " + e.getKey() + ", iterator not valid");
    byte[] key = it.key().toArray(ValueLayout.JAVA_BYTE);
    Version actual = new Version(key, it.sequence());
    if (compare(actual, e.getKey()) != 0) {
      throw new AssertionError("expected " + e.getKey() + ", at " + actual);
    }
    assertEquals(e.getValue().kind, it.kind());
    assertArrayEquals(e.getValue().value, it.value().toArray(ValueLayout.JAVA_BYTE));
  }

  /**
   * The arena reserves at least what was stored and, since a chunk is abandoned only when three quarters of it
   * are used, at most 4/3 of the used bytes plus one chunk.
   */
  private static void checkMemory(Memtable table, TreeMap<Version, Entry> model, MemtableOptions options,
      long keyValueBytes) {
    long used = table.arena().usedBytes();
    long nodesMin = NodeLayout.nodeBytes(options.maxHeight(), 0, 0) + model.size() * (NodeLayout.NEXT + 8)
        + keyValueBytes;
    long nodesMax = NodeLayout.nodeBytes(options.maxHeight(), 0, 0)
        + model.size() * NodeLayout.nodeBytes(options.maxHeight(), 0, 0) + keyValueBytes + 7L * model.size();
    assertTrue(used >= nodesMin && used <= nodesMax, used + " not in [" + nodesMin + ", " + nodesMax + "]");
    assertTrue(table.memoryBytes() >= used);
    assertTrue(table.memoryBytes() <= used * 4 / 3 + options.chunkBytes(),
        () -> table.memoryBytes() + " reserved for " + used + " used");
  }

  /** A lookup target: mostly a key of the pool, at a sequence near one of its versions or at an edge. */
  private static Version randomTarget(Random rnd, TreeMap<Version, Entry> model, List<byte[]> pool) {
    byte[] key = rnd.nextInt(8) == 0 ? randomKey(rnd) : pool.get(rnd.nextInt(pool.size()));
    long seq = switch (rnd.nextInt(8)) {
      case 0 -> Long.MAX_VALUE;
      case 1 -> -1;
      case 2 -> 0;
      case 3 -> Limits.SEQUENCE_MAX;
      case 4 -> randomSeq(rnd);
      default -> {
        Version near = model.ceilingKey(new Version(key, randomSeq(rnd)));
        yield near == null ? randomSeq(rnd) : near.seq + rnd.nextInt(3) - 1;
      }
    };
    return new Version(key, seq);
  }

  /** Keys with edge bytes, shared prefixes, the empty key and keys of the maximum length. */
  static byte[] randomKey(Random rnd) {
    int shape = rnd.nextInt(10);
    if (shape == 0) {
      return new byte[0];
    }
    if (shape == 1) {
      byte[] key = new byte[Limits.KEY_BYTES_MAX - rnd.nextInt(3)];
      Arrays.fill(key, rnd.nextBoolean() ? (byte) 0xff : 0x00);
      for (int i = rnd.nextInt(3); i > 0; i--) {
        key[rnd.nextInt(key.length)] = ALPHABET[rnd.nextInt(ALPHABET.length)];
      }
      return key;
    }
    byte[] key = new byte[rnd.nextInt(10)];
    for (int i = 0; i < key.length; i++) {
      key[i] = ALPHABET[rnd.nextInt(ALPHABET.length)];
    }
    return key;
  }

  private static long randomSeq(Random rnd) {
    return switch (rnd.nextInt(20)) {
      case 0 -> Limits.SEQUENCE_MAX - rnd.nextInt(50);
      case 1 -> rnd.nextInt(50);
      case 2 -> (1L << 55) + rnd.nextInt(50); // the trailer's top bit set: comparisons must not go signed
      default -> rnd.nextInt(3000);
    };
  }

  private static EntryKind randomKind(Random rnd) {
    int k = rnd.nextInt(10);
    return k < 6 ? EntryKind.PUT : k < 9 ? EntryKind.DELETE : EntryKind.VALUE_POINTER;
  }

  private static byte[] randomValue(Random rnd, EntryKind kind) {
    if (kind == EntryKind.DELETE) {
      return new byte[0];
    }
    int length = rnd.nextInt(50) == 0 ? 1500 + rnd.nextInt(4000) : rnd.nextInt(40);
    byte[] value = new byte[length];
    rnd.nextBytes(value);
    return value;
  }

  /** The bytes as a heap segment, an off-heap one, or a slice in the middle of a larger segment. */
  private static MemorySegment segment(Random rnd, Arena arena, byte[] bytes) {
    return switch (rnd.nextInt(3)) {
      case 0 -> MemorySegment.ofArray(bytes);
      case 1 -> arena.allocate(Math.max(1, bytes.length)).copyFrom(MemorySegment.ofArray(bytes))
          .asSlice(0, bytes.length);
      default -> {
        byte[] padded = new byte[bytes.length + 7];
        Arrays.fill(padded, (byte) 0x5a);
        System.arraycopy(bytes, 0, padded, 3, bytes.length);
        yield MemorySegment.ofArray(padded).asSlice(3, bytes.length);
      }
    };
  }

  @Test
  void immutableMemtableIsReadByOtherThreads() throws Exception {
    long seed = TestSeeds.seed("MemtableModelTest.threads");
    Random rnd = new Random(seed);
    TreeMap<Version, Entry> model = new TreeMap<>(MemtableModelTest::compare);
    List<byte[]> pool = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pool.add(randomKey(rnd));
    }
    try (Memtable table = new Memtable(new MemtableOptions(16384, 8))) {
      for (int i = 0; i < 5000; i++) {
        byte[] key = pool.get(rnd.nextInt(pool.size()));
        Version v = new Version(key, randomSeq(rnd));
        if (!model.containsKey(v)) {
          EntryKind kind = randomKind(rnd);
          byte[] value = randomValue(rnd, kind);
          table.add(MemorySegment.ofArray(key), v.seq, kind, MemorySegment.ofArray(value));
          model.put(v, new Entry(kind, value));
        }
      }
      // Thread.start is the happens-before edge that publishes the now immutable memtable.
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> readers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long readerSeed = seed + t;
        Thread reader = new Thread(() -> {
          try {
            check(table, model, pool, new Random(readerSeed));
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        });
        reader.start();
        readers.add(reader);
      }
      for (Thread reader : readers) {
        reader.join();
      }
      if (failure.get() != null) {
        throw new AssertionError("seed " + seed + ": a reader failed", failure.get());
      }
    }
  }
}
