package dev.cascade.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.key.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, refusing and closing a store; the limits users meet first. */
class StoreLifecycleTest {
  @TempDir
  Path tmp;

  private static Options options(int shards) {
    return Options.builder().shardCount(shards).memtableBytes(64 << 10).cacheBytes(shards * 256L << 10)
        .walSegmentBytes(64 << 10).build();
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void secondOpenerIsRefusedNamingTheHolder() {
    Path dir = tmp.resolve("db");
    try (CascadeDb db = CascadeDb.open(dir, options(2))) {
      CascadeException e = assertThrows(CascadeException.class, () -> CascadeDb.open(dir, options(2)));
      assertTrue(e.getMessage().contains("already open") && e.getMessage().contains("pid "), e.getMessage());
      db.put(b("k"), b("v"));
    }
    try (CascadeDb db = CascadeDb.open(dir, options(2))) {
      assertArrayEquals(b("v"), db.get(b("k")));
    }
  }

  @Test
  void otherShardCountIsRefused() {
    Path dir = tmp.resolve("db");
    CascadeDb.open(dir, options(2)).close();
    CascadeException e = assertThrows(CascadeException.class, () -> CascadeDb.open(dir, options(3)));
    assertTrue(e.getMessage().contains("created with 2 shards"), e.getMessage());
    CascadeDb.open(dir, options(2)).close();
  }

  @Test
  void unknownFormatVersionIsRefused() throws Exception {
    Path dir = tmp.resolve("db");
    CascadeDb.open(dir, options(1)).close();
    new StoreIdentity(99, 1, "KeyPartitioner.HASH").write(dir);
    CascadeException e = assertThrows(CascadeException.class, () -> CascadeDb.open(dir, options(1)));
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
  }

  @Test
  void corruptIdentityIsReported() throws Exception {
    Path dir = tmp.resolve("db");
    CascadeDb.open(dir, options(1)).close();
    Path id = dir.resolve(StoreIdentity.FILE_NAME);
    Files.writeString(id, Files.readString(id).replace("shardCount=1", "shardCount=7"));
    CorruptionException e = assertThrows(CorruptionException.class, () -> CascadeDb.open(dir, options(1)));
    assertEquals(id, e.file());
  }

  @Test
  void missingStoreWithoutCreateIsRefused() {
    Options o = options(1).toBuilder().createIfMissing(false).build();
    assertThrows(CascadeException.class, () -> CascadeDb.open(tmp.resolve("nope"), o));
  }

  @Test
  void limitsAreNamed() {
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> db.put(new byte[Limits.KEY_BYTES_MAX + 1], b("v")));
      assertTrue(e.getMessage().contains("KEY_BYTES_MAX"), e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> db.get(new byte[Limits.KEY_BYTES_MAX + 1]));
      assertTrue(e.getMessage().contains("KEY_BYTES_MAX"), e.getMessage());
      WriteBatch big = new WriteBatch();
      for (int i = 0; i < 3; i++) {
        big.put(b("k" + i), new byte[500 << 10]);
      }
      db.write(big);
      assertArrayEquals(new byte[500 << 10], db.get(b("k2")), "1.5 MiB is within the bounds");
    }
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db2"), options(1).toBuilder().batchBytesMax(2 << 20).build())) {
      WriteBatch big = new WriteBatch();
      for (int i = 0; i < 3; i++) {
        big.put(b("k" + i), new byte[1 << 20]);
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.write(big));
      assertTrue(e.getMessage().contains("batchBytesMax"), e.getMessage());
      assertNull(db.get(b("k0")), "nothing of a refused batch is applied");
    }
  }

  @Test
  void aFlushLeavesItsPagesInTheCache() {
    Path dir = tmp.resolve("db");
    Options o = options(1).toBuilder().memtableBytes(1 << 20).walSegmentBytes(1 << 20).cacheBytes(4 << 20).build();
    byte[] value = new byte[100];
    try (CascadeDb db = CascadeDb.open(dir, o)) {
      for (int i = 0; i < 2000; i++) {
        db.put(b(String.format("key-%05d", i)), value);
      }
      db.flush();
      assertEquals(1, db.properties().total().filesPerLevel()[0]);
      for (int i = 0; i < 2000; i += 7) {
        assertArrayEquals(value, db.get(b(String.format("key-%05d", i))));
      }
      assertEquals(0, db.properties().total().cacheMisses(), "every page of the flushed file was cached as written");
      assertTrue(db.properties().total().cacheHits() > 0);
    }
    try (CascadeDb db = CascadeDb.open(dir, o)) {
      assertArrayEquals(value, db.get(b("key-00100")));
      assertTrue(db.properties().total().cacheMisses() > 0, "a reopened store starts with a cold cache");
    }
  }

  @Test
  void largestValueSurvivesFlushAndReopen() {
    byte[] big = new byte[Limits.VALUE_BYTES_MAX];
    new java.util.Random(7).nextBytes(big);
    Path dir = tmp.resolve("db");
    try (CascadeDb db = CascadeDb.open(tmp.resolve("small-wal"), options(1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.put(b("big"), big));
      assertTrue(e.getMessage().contains("walSegmentBytes"), e.getMessage());
      db.put(b("after"), b("ok"));
      assertArrayEquals(b("ok"), db.get(b("after")), "a refused write leaves the store usable");
    }
    Options bigWal = options(1).toBuilder().walSegmentBytes(4 << 20).build();
    try (CascadeDb db = CascadeDb.open(dir, bigWal)) {
      db.put(b("big"), big);
      db.put(b("small"), b("s"));
      assertArrayEquals(big, db.get(b("big")), "from the memtable");
      db.flush();
      assertArrayEquals(big, db.get(b("big")), "from an SST run");
    }
    try (CascadeDb db = CascadeDb.open(dir, bigWal)) {
      assertArrayEquals(big, db.get(b("big")), "after reopen");
      assertArrayEquals(b("s"), db.get(b("small")));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WriteBatch().put(b("k"), new byte[Limits.VALUE_BYTES_MAX + 1]));
    assertTrue(e.getMessage().contains("VALUE_BYTES_MAX"), e.getMessage());
  }

  @Test
  void optionsValidationNamesTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Options.builder().shardCount(0).build());
    assertTrue(e.getMessage().contains("Options.shardCount"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Options.builder().l0StopTrigger(1).build());
    assertTrue(e.getMessage().contains("Options.l0StopTrigger"), e.getMessage());
    assertTrue(Options.defaults().toString().contains("durability=SYNC"));
  }

  @Test
  void closedStoreAndIteratorRefuseUse() {
    CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(2));
    db.put(b("a"), b("1"));
    DbIterator it = db.iterator(ReadOptions.defaults());
    it.seekToFirst();
    assertArrayEquals(b("a"), it.key());
    it.close();
    assertThrows(CascadeException.class, it::next);
    db.close();
    db.close();
    assertThrows(CascadeException.class, () -> db.get(b("a")));
  }

  @Test
  void iteratorEntryLimitIsEnforced() {
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(2))) {
      for (int i = 0; i < 10; i++) {
        db.put(b("k" + i), b("v"));
      }
      try (DbIterator it = db.iterator(ReadOptions.defaults().withLimits(60_000_000_000L, 5))) {
        it.seekToFirst();
        for (int i = 0; i < 4; i++) {
          it.next();
        }
        CascadeException e = assertThrows(CascadeException.class, it::next);
        assertTrue(e.getMessage().contains("entriesMax"), e.getMessage());
      }
    }
  }
}
