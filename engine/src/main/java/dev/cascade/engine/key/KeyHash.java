package dev.cascade.engine.key;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The 64-bit hash of a user key that every SST filter is probed with: xxHash64 with a fixed seed. The store
 * computes it once per lookup and hands it to every file, so a get that consults ten filters hashes once. The
 * seed and algorithm are part of the SST format (filters store only bits): never change them.
 *
 * <p>Computed here from the algorithm's specification, reading the key in place through 8-byte little-endian
 * loads: keys are short, and a call into a native hash needs a buffer view of the key and a JNI transition that
 * cost more than hashing it. {@code KeyHashTest} checks it against an independent implementation.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyHash {
  /** The seed, fixed by the SST format. */
  public static final long SEED = 0x4341534341444531L;

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P3 = 0x165667B19E3779F9L;
  private static final long P4 = 0x85EBCA77C2B2AE63L;
  private static final long P5 = 0x27D4EB2F165667C5L;

  private static final ValueLayout.OfLong LONG_LE =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private KeyHash() {}

  /** xxHash64 of the key's bytes with {@link #SEED}; heap and native segments of equal bytes hash equally. */
  public static long of(MemorySegment key) {
    long length = key.byteSize();
    long at = 0;
    long h;
    if (length >= 32) {
      long v1 = SEED + P1 + P2;
      long v2 = SEED + P2;
      long v3 = SEED;
      long v4 = SEED - P1;
      for (long limit = length - 32; at <= limit; at += 32) {
        v1 = round(v1, key.get(LONG_LE, at));
        v2 = round(v2, key.get(LONG_LE, at + 8));
        v3 = round(v3, key.get(LONG_LE, at + 16));
        v4 = round(v4, key.get(LONG_LE, at + 24));
      }
      h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
      h = merge(h, v1);
      h = merge(h, v2);
      h = merge(h, v3);
      h = merge(h, v4);
    } else {
      h = SEED + P5;
    }
    h += length;
    for (; at + 8 <= length; at += 8) {
      h ^= round(0, key.get(LONG_LE, at));
      h = Long.rotateLeft(h, 27) * P1 + P4;
    }
    if (at + 4 <= length) {
      h ^= (key.get(INT_LE, at) & 0xFFFF_FFFFL) * P1;
      h = Long.rotateLeft(h, 23) * P2 + P3;
      at += 4;
    }
    for (; at < length; at++) {
      h ^= (key.get(ValueLayout.JAVA_BYTE, at) & 0xFFL) * P5;
      h = Long.rotateLeft(h, 11) * P1;
    }
    h ^= h >>> 33;
    h *= P2;
    h ^= h >>> 29;
    h *= P3;
    h ^= h >>> 32;
    return h;
  }

  /** xxHash64 of {@code key} with {@link #SEED}. */
  public static long of(byte[] key) {
    return of(MemorySegment.ofArray(key));
  }

  private static long round(long acc, long lane) {
    return Long.rotateLeft(acc + lane * P2, 31) * P1;
  }

  private static long merge(long acc, long v) {
    return (acc ^ round(0, v)) * P1 + P4;
  }
}
