package dev.cascade.benchmarks.db;

import java.util.SplittableRandom;

/**
 * db_bench's data shape: 16-byte keys (the key number big-endian in 8 bytes, then 8 bytes of ASCII '0', so keys
 * sort by number) and 100-byte values that compress to about half (each is 50 random bytes written twice, which
 * LZ4 finds), cut in turn from a 1 MiB pool as db_bench does.
 *
 * <p>Thread ownership: one thread at a time (each benchmark thread has its own).
 */
public final class KeyValues {
  public static final int KEY_BYTES = 16;
  public static final int VALUE_BYTES = 100;
  /** User bytes per entry, the denominator of space amplification. */
  public static final int ENTRY_BYTES = KEY_BYTES + VALUE_BYTES;
  static final int POOL_BYTES = 1 << 20;
  static final int RANDOM_BYTES_PER_VALUE = VALUE_BYTES / 2;

  private final byte[] pool = new byte[POOL_BYTES];
  private int position;

  public KeyValues(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] half = new byte[RANDOM_BYTES_PER_VALUE];
    for (int at = 0; at + VALUE_BYTES <= POOL_BYTES; at += VALUE_BYTES) {
      random.nextBytes(half);
      System.arraycopy(half, 0, pool, at, RANDOM_BYTES_PER_VALUE);
      System.arraycopy(half, 0, pool, at + RANDOM_BYTES_PER_VALUE, RANDOM_BYTES_PER_VALUE);
    }
  }

  /** A fresh 100-byte value, the next slice of the pool. */
  public byte[] nextValue() {
    if (position + VALUE_BYTES > POOL_BYTES) {
      position = 0;
    }
    byte[] value = new byte[VALUE_BYTES];
    System.arraycopy(pool, position, value, 0, VALUE_BYTES);
    position += VALUE_BYTES;
    return value;
  }

  /** A fresh key for number {@code n}. */
  public static byte[] key(long n) {
    byte[] key = new byte[KEY_BYTES];
    fillKey(key, n);
    return key;
  }

  /** Writes the key for number {@code n} into {@code key} (16 bytes), for reads that reuse one array. */
  public static void fillKey(byte[] key, long n) {
    for (int i = 0; i < 8; i++) {
      key[i] = (byte) (n >>> (56 - 8 * i));
    }
    for (int i = 8; i < KEY_BYTES; i++) {
      key[i] = '0';
    }
  }

  /** The numbers {@code [0, n)} in a random order (a Fisher–Yates shuffle), for loads that write each key once. */
  public static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
