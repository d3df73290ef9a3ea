package dev.cascade.engine.key;

import java.lang.foreign.MemorySegment;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The 64-bit hash of a user key that every SST filter is probed with: xxHash64 with a fixed seed. The store
 * computes it once per lookup and hands it to every file, so a get that consults ten filters hashes once. The
 * seed and algorithm are part of the SST format (filters store only bits): never change them.
 *
 * <p>Stateless and thread-safe.
 */
public final class KeyHash {
  /** The seed, fixed by the SST format. */
  public static final long SEED = 0x4341534341444531L;

  // xxHash64 is one function whatever the instance; the fastest one (JNI where shipped) reads direct buffers
  // without the pure-Java instance's per-byte access.
  private static final XXHash64 XX = XXHashFactory.fastestInstance().hash64();

  private KeyHash() {}

  /** xxHash64 of the key's bytes with {@link #SEED}; heap and native segments of equal bytes hash equally. */
  public static long of(MemorySegment key) {
    int length = Math.toIntExact(key.byteSize());
    return XX.hash(key.asByteBuffer(), 0, length, SEED);
  }

  /** xxHash64 of {@code key} with {@link #SEED}. */
  public static long of(byte[] key) {
    return XX.hash(key, 0, key.length, SEED);
  }
}
