package dev.cascade.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.io.fault.CrashMode;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized power losses against a model: SYNC writes, cross-shard batches, range deletes, flushes and
 * compactions, then a crash in a random mode at a random point (between acknowledged operations), reopen, and
 * the store must equal the model exactly — every acknowledged write there, nothing else. Prints its seed.
 */
class StoreCrashTest {
  private static final int ROUNDS = Boolean.getBoolean("cascade.stress") ? 60 : 6;
  private static final int OPS_PER_ROUND = 150;

  @TempDir
  Path tmp;

  @Test
  void recoversExactlyTheAcknowledgedWrites() {
    long seed = TestSeeds.seed("StoreCrashTest");
    Random rnd = new Random(seed);
    try (FaultInjectingIoEngine fault = new FaultInjectingIoEngine(IoEngines.create(IoEngineKind.FILECHANNEL))) {
      Path dir = tmp.resolve("db");
      Options options = Options.builder().shardCount(3).partitioner(FirstBytePartitioner.INSTANCE).ioEngine(fault)
          .durability(Durability.SYNC).memtableBytes(64 << 10).cacheBytes(3L << 20).walSegmentBytes(64 << 10)
          .targetFileBytes(64 << 10).l0CompactionTrigger(2).build();
      TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
      CascadeDb db = CascadeDb.open(dir, options);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          for (int op = 0; op < OPS_PER_ROUND; op++) {
            step(db, model, rnd);
          }
          CrashMode mode = CrashMode.values()[rnd.nextInt(CrashMode.values().length)];
          ((Store) db).haltForCrashTest();
          fault.crash(mode, rnd.nextLong());
          db = CascadeDb.open(dir, options);
          String what = "round " + round + " after " + mode + " (seed " + seed + ")";
          for (int k = 0; k < 300; k++) {
            byte[] key = key(k);
            assertArrayEquals(model.get(key), db.get(key), what + ": key " + k);
          }
        }
      } finally {
        db.close();
      }
    }
  }

  private static void step(CascadeDb db, TreeMap<byte[], byte[]> model, Random rnd) {
    int r = rnd.nextInt(100);
    if (r < 55) {
      byte[] k = key(rnd.nextInt(300));
      byte[] v = new byte[rnd.nextInt(300)];
      rnd.nextBytes(v);
      db.put(k, v);
      model.put(k, v);
    } else if (r < 70) {
      byte[] k = key(rnd.nextInt(300));
      db.delete(k);
      model.remove(k);
    } else if (r < 88) {
      WriteBatch b = new WriteBatch();
      for (int i = 0; i < 2 + rnd.nextInt(6); i++) {
        byte[] k = key(rnd.nextInt(300));
        byte[] v = new byte[rnd.nextInt(100)];
        rnd.nextBytes(v);
        b.put(k, v);
        model.put(k, v);
      }
      db.write(b);
    } else if (r < 91) {
      int a = rnd.nextInt(300);
      int c = a + 1 + rnd.nextInt(20);
      byte[] lo = key(a);
      byte[] hi = key(c);
      if (Arrays.compareUnsigned(lo, hi) < 0) {
        db.deleteRange(lo, hi);
        model.subMap(lo, true, hi, false).clear();
      }
    } else if (r < 97) {
      ((Store) db).flushShard(rnd.nextInt(3));
    } else {
      db.compactRange(null, null);
    }
  }

  /** Key k lives on shard k % 3 (first byte), with a sortable suffix. */
  private static byte[] key(int k) {
    return new byte[] {(byte) (k % 3), (byte) (k >> 8), (byte) k};
  }
}
