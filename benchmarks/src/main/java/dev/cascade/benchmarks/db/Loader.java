package dev.cascade.benchmarks.db;

import dev.cascade.engine.Durability;
import java.util.concurrent.TimeUnit;

/**
 * Fills a store before a read row: keys {@code [0, n)} each written once, in a random order, through the WAL
 * (BUFFERED), then flushed, then left to finish its compactions, so reads meet SSTs shaped as after a
 * fillrandom rather than a memtable.
 *
 * <p>Stateless.
 */
public final class Loader {
  /** Longest wait for compactions after a load; a store still busy after it is reported and measured anyway. */
  public static final long COMPACTION_WAIT_NANOS = TimeUnit.MINUTES.toNanos(10);

  private Loader() {}

  public static void load(KvStore kv, int n, long seed) {
    KeyValues values = new KeyValues(seed);
    for (int k : KeyValues.shuffled(n, seed)) {
      kv.put(KeyValues.key(k), values.nextValue(), Durability.BUFFERED);
    }
    settle(kv);
    System.out.printf("%s: loaded %,d keys (%,d B of user data) into %,d B of live SSTs%n", kv.engine(), n,
        (long) n * KeyValues.ENTRY_BYTES, kv.counters().liveSstBytes());
  }

  /**
   * Reads every entry of a store loaded with {@code n} keys once, in key order, so that a store that fits its
   * cache starts its read rows warm rather than spending its warmup on disk reads.
   */
  public static void warm(KvStore kv, int n) {
    long bytes = kv.seekAndNext(KeyValues.key(0), n - 1);
    long expected = (long) n * KeyValues.ENTRY_BYTES;
    if (bytes != expected) {
      throw new IllegalStateException(kv.engine() + ": a scan of the loaded store read " + bytes + " bytes, not "
          + expected);
    }
  }

  /** Flushes and waits for compactions, saying so on stdout when they did not finish in time. */
  public static void settle(KvStore kv) {
    kv.flush();
    if (!kv.awaitCompactions(COMPACTION_WAIT_NANOS)) {
      System.out.println(kv.engine() + ": compactions still running after "
          + TimeUnit.NANOSECONDS.toSeconds(COMPACTION_WAIT_NANOS) + " s; measuring anyway");
    }
  }
}
