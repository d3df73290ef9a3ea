package dev.cascade.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.CascadeException;
import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.fault.CrashMode;
import dev.cascade.engine.io.fault.FaultInjectingIoEngine;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure cases of engine/docs/commit-protocol.md, one test each, with the fault-injecting I/O engine: a
 * cross-shard batch over shards 0 (coordinator), 1 and 2 fails or survives as a whole.
 */
class CommitProtocolTest {
  private static final int EIO = 5;

  @TempDir
  Path tmp;

  private FaultInjectingIoEngine fault;
  private Path dir;
  private Options options;

  @BeforeEach
  void setUp() {
    fault = new FaultInjectingIoEngine(IoEngines.create(IoEngineKind.FILECHANNEL));
    dir = tmp.resolve("db");
    options = Options.builder().shardCount(3).partitioner(FirstBytePartitioner.INSTANCE).ioEngine(fault)
        .memtableBytes(256 << 10).cacheBytes(3L << 20).walSegmentBytes(128 << 10).build();
  }

  @AfterEach
  void tearDown() {
    fault.close();
  }

  private static byte[] key(int shard, String name) {
    byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = new byte[n.length + 1];
    k[0] = (byte) shard;
    System.arraycopy(n, 0, k, 1, n.length);
    return k;
  }

  private static byte[] v(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static WriteBatch crossShard(String tag) {
    return new WriteBatch().put(key(0, tag), v(tag + "0")).put(key(1, tag), v(tag + "1")).put(key(2, tag), v(tag + "2"));
  }

  private CascadeDb crashAndReopen(CascadeDb db, CrashMode mode) {
    ((Store) db).haltForCrashTest();
    fault.crash(mode, 42);
    fault.clearFaults();
    return CascadeDb.open(dir, options);
  }

  private static void assertPresent(CascadeDb db, String tag) {
    for (int s = 0; s < 3; s++) {
      assertArrayEquals(v(tag + s), db.get(key(s, tag)), "batch " + tag + " on shard " + s);
    }
  }

  private static void assertAbsent(CascadeDb db, String tag) {
    for (int s = 0; s < 3; s++) {
      assertNull(db.get(key(s, tag)), "batch " + tag + " must be absent on shard " + s);
    }
  }

  private static Predicate<Path> walOf(int shard) {
    return p -> p.toString().contains("shard-00" + shard) && !p.toString().endsWith(".sst")
        && !p.getFileName().toString().startsWith("VERSION");
  }

  @Test
  void f2f7PrepareSyncFailsBatchAbsentEverywhere() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("before"));
    fault.failNext(IoOp.SYNC, walOf(2), EIO, 1);
    assertThrows(CascadeException.class, () -> db.write(crossShard("x")));
    assertThrows(ReadOnlyException.class, () -> db.put(key(1, "later"), v("no")));
    assertPresent(db, "before");
    CascadeDb reopened = crashAndReopen(db, CrashMode.DROP_UNSYNCED);
    try {
      assertAbsent(reopened, "x");
      assertPresent(reopened, "before");
    } finally {
      reopened.close();
    }
  }

  @Test
  void f3f8CommitSyncFailsBatchAllOrNothing() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("before"));
    fault.failNext(IoOp.SYNC, walOf(0), EIO, 1);
    assertThrows(CascadeException.class, () -> db.write(crossShard("x")));
    CascadeDb reopened = crashAndReopen(db, CrashMode.DROP_UNSYNCED);
    try {
      // A failed fsync loses its data in this fault model: the commit record is gone, so the batch is too.
      assertAbsent(reopened, "x");
      assertPresent(reopened, "before");
    } finally {
      reopened.close();
    }
  }

  @Test
  void f4CommittedBatchSurvivesCrash() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("x"));
    for (CrashMode mode : CrashMode.values()) {
      db = crashAndReopen(db, mode);
      assertPresent(db, "x");
    }
    db.close();
  }

  @Test
  void f5ParticipantFlushedThenCrash() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("x"));
    ((Store) db).flushShard(1);
    db = crashAndReopen(db, CrashMode.GARBLE_UNSYNCED);
    try {
      assertPresent(db, "x");
    } finally {
      db.close();
    }
  }

  @Test
  void f6CoordinatorFlushedItsPartCommitRecordStaysPinned() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("x"));
    ((Store) db).flushShard(0);
    ((Store) db).flushShard(0);
    db = crashAndReopen(db, CrashMode.DROP_UNSYNCED);
    assertPresent(db, "x");
    // Once every participant has flushed, the pin goes and the batch lives in SSTs alone.
    ((Store) db).flushShard(1);
    ((Store) db).flushShard(2);
    ((Store) db).flushShard(0);
    db.put(key(0, "y"), v("y"));
    ((Store) db).flushShard(0);
    db = crashAndReopen(db, CrashMode.TEAR_UNSYNCED);
    try {
      assertPresent(db, "x");
      assertArrayEquals(v("y"), db.get(key(0, "y")));
    } finally {
      db.close();
    }
  }

  @Test
  void f9SingleShardBatchesWholeOrAbsentAfterTornTail() {
    CascadeDb db = CascadeDb.open(dir, options);
    int batches = 40;
    for (int b = 0; b < batches; b++) {
      WriteBatch w = new WriteBatch();
      for (int i = 0; i < 5; i++) {
        w.put(key(0, "b" + b + "-" + i), new byte[300 + b]);
      }
      db.write(w, Durability.BUFFERED);
    }
    db = crashAndReopen(db, CrashMode.TEAR_UNSYNCED);
    try {
      boolean gone = false;
      for (int b = 0; b < batches; b++) {
        int present = 0;
        for (int i = 0; i < 5; i++) {
          present += db.get(key(0, "b" + b + "-" + i)) != null ? 1 : 0;
        }
        assertTrue(present == 0 || present == 5, "batch " + b + " is partly present: " + present + " of 5");
        assertTrue(!gone || present == 0, "batch " + b + " survived although an earlier one was lost");
        gone |= present == 0;
      }
    } finally {
      db.close();
    }
  }

  @Test
  void f10CrashDuringFlushLeavesNoOrphan() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("x"));
    fault.failNext(IoOp.RENAME, "VERSION", EIO, 1);
    assertThrows(CascadeException.class, db::flush);
    assertThrows(ReadOnlyException.class, () -> db.put(key(0, "z"), v("z")));
    assertPresent(db, "x");
    CascadeDb reopened = crashAndReopen(db, CrashMode.DROP_UNSYNCED);
    try {
      assertPresent(reopened, "x");
      reopened.flush();
      assertPresent(reopened, "x");
    } finally {
      reopened.close();
    }
  }

  @Test
  void f11SequencesAfterRecoveryAreNew() {
    CascadeDb db = CascadeDb.open(dir, options);
    db.write(crossShard("x"));
    db.put(key(1, "k"), v("old"));
    long before;
    try (var s = db.snapshot()) {
      before = s.sequence();
    }
    db = crashAndReopen(db, CrashMode.DROP_UNSYNCED);
    try (var s = db.snapshot()) {
      assertTrue(s.sequence() >= before, "watermark after recovery " + s.sequence() + " < " + before);
    }
    var old = db.snapshot();
    db.put(key(1, "k"), v("new"));
    try {
      assertArrayEquals(v("old"), db.get(key(1, "k"), old));
      assertArrayEquals(v("new"), db.get(key(1, "k")));
    } finally {
      old.close();
      db.close();
    }
  }
}
