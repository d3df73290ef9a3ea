package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.key.KeyHash;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The cache-line-blocked filter: no false negatives, and a false-positive rate near what the bits buy. */
class BloomFilterTest {
  @ParameterizedTest
  @ValueSource(ints = {4, 10, 16})
  void noFalseNegativesAndRateNearConfigured(int bitsPerKey) {
    long seed = TestSeeds.seed("BloomFilterTest " + bitsPerKey);
    Random rnd = new Random(seed);
    int n = BloomFilter.keysMax(bitsPerKey);
    long[] hashes = new long[n];
    for (int i = 0; i < n; i++) {
      hashes[i] = KeyHash.of(("key-" + rnd.nextLong()).getBytes());
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment page = arena.allocate(SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
      int payload = BloomFilter.build(page, hashes, n, bitsPerKey);
      BlockHeader.seal(page, BlockKind.FILTER, Compression.NONE, payload, payload);
      BloomFilter.check(null, 0, page);
      for (long h : hashes) {
        assertTrue(BloomFilter.mayContain(page, h), "seed " + seed + ": false negative");
      }
      int probes = 200_000;
      int positives = 0;
      for (int i = 0; i < probes; i++) {
        if (BloomFilter.mayContain(page, KeyHash.of(("absent-" + rnd.nextLong()).getBytes()))) {
          positives++;
        }
      }
      double rate = (double) positives / probes;
      // A standard bloom filter with k = 0.69 b probes has rate ~0.6185^b; blocking into 512-bit lines costs a
      // little. Allow twice the classic rate plus a small margin.
      double classic = Math.pow(0.6185, bitsPerKey);
      System.out.printf("bits/key %d: false-positive rate %.4f (classic %.4f)%n", bitsPerKey, rate, classic);
      assertTrue(rate < 2 * classic + 0.002, "seed " + seed + ": rate " + rate + " vs classic " + classic);
      assertTrue(rate > classic / 4, "seed " + seed + ": rate " + rate + " suspiciously low (filter unused?)");
    }
  }

  @Test
  void emptyFilterRejectsEverything() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment page = arena.allocate(SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
      BloomFilter.build(page, new long[0], 0, 10);
      for (int i = 0; i < 1000; i++) {
        assertTrue(!BloomFilter.mayContain(page, KeyHash.of(new byte[] {(byte) i})));
      }
    }
  }

  @Test
  void keyHashIsTheSameForHeapAndNativeSegmentsAndFixed() {
    byte[] key = "the quick brown fox".getBytes();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment n = arena.allocate(key.length + 3).asSlice(3, key.length);
      MemorySegment.copy(MemorySegment.ofArray(key), 0, n, 0, key.length);
      assertEquals(KeyHash.of(key), KeyHash.of(n));
      assertEquals(KeyHash.of(key), KeyHash.of(MemorySegment.ofArray(key)));
      byte[] padded = ("xx" + "the quick brown fox").getBytes();
      assertEquals(KeyHash.of(key), KeyHash.of(MemorySegment.ofArray(padded).asSlice(2)));
    }
    // The hash is part of the format (filters store only bits): pin it.
    assertEquals(KeyHash.of(new byte[0]), KeyHash.of(MemorySegment.ofArray(new byte[0])));
    assertEquals(0xdf4f4b5cd54bfee4L, KeyHash.of(key));
  }
}
