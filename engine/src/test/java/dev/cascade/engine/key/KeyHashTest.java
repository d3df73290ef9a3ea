package dev.cascade.engine.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

/** The filter hash is xxHash64 with the format's seed: checked against lz4-java's implementations, and pinned. */
class KeyHashTest {
  private static final XXHash64 JAVA = XXHashFactory.safeInstance().hash64();
  private static final XXHash64 FASTEST = XXHashFactory.fastestInstance().hash64();

  @Test
  void matchesIndependentXxHash64ForEveryLengthOnHeapAndOff() {
    long seed = System.nanoTime();
    System.out.println("KeyHashTest seed " + seed);
    Random random = new Random(seed);
    try (Arena arena = Arena.ofConfined()) {
      for (int round = 0; round < 20; round++) {
        for (int length = 0; length <= 200; length++) {
          byte[] key = new byte[length];
          random.nextBytes(key);
          long expected = JAVA.hash(key, 0, length, KeyHash.SEED);
          assertEquals(expected, FASTEST.hash(key, 0, length, KeyHash.SEED));
          assertEquals(expected, KeyHash.of(key), "length " + length + ", seed " + seed);
          MemorySegment off = arena.allocate(length + 3);
          MemorySegment.copy(key, 0, off, ValueLayout.JAVA_BYTE, 3, length);
          assertEquals(expected, KeyHash.of(off.asSlice(3, length)), "unaligned native, length " + length);
        }
      }
    }
  }

  @Test
  void valuesArePinnedByTheFormat() {
    // Filters store only bits: these must never change.
    assertEquals(0x3FB2738D25AE2F4BL, KeyHash.of(new byte[0]));
    assertEquals(0xB9B3A11DAD4B8FEFL, KeyHash.of("cascade".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(0xEF46DB3751D8E999L, JAVA.hash(new byte[0], 0, 0, 0L), "the reference is xxHash64");
  }
}
