package dev.cascade.engine.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Durability;
import dev.cascade.engine.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CascadeDb#mayHaveKeysIn}: false exactly when the range lies outside every memtable's and file's keys
 * (both ends inclusive, deletions counted as keys), the same after a flush moves the keys into files and after a
 * reopen, on one shard and across three (keys spread by their first byte). StoreModelTest checks that a false
 * answer never hides a live key under random workloads.
 */
class KeyRangeCheckTest {
  @TempDir
  Path dir;

  @ParameterizedTest(name = "shards={0}")
  @ValueSource(ints = {1, 3})
  void falseOnlyOutsideEveryKeyRange(int shards) {
    Options options = Options.builder().shardCount(shards).partitioner(FirstBytePartitioner.INSTANCE)
        .memtableBytes(64 << 10).walSegmentBytes(64 << 10).build();
    CascadeDb db = CascadeDb.open(dir, options);
    try {
      assertEquals(false, db.mayHaveKeysIn(k("a"), k("z")), "empty store");
      db.put(k("m"), k("1"), Durability.BUFFERED);
      db.put(k("c"), k("2"), Durability.BUFFERED);
      db.delete(k("x"), Durability.BUFFERED);
      check(db, "in memtables");
      db.flush();
      check(db, "in files");
      db.put(k("p"), k("3"), Durability.BUFFERED); // a memtable beside the files
      assertEquals(true, db.mayHaveKeysIn(k("n"), k("o")), "between m and x, in the file's range");
      db.close();
      db = CascadeDb.open(dir, options);
      check(db, "after reopen");
      byte[] empty = {};
      assertEquals(true, db.mayHaveKeysIn(empty, k("c")), "the empty key is the smallest");
      CascadeDb open = db;
      assertThrows(IllegalArgumentException.class, () -> open.mayHaveKeysIn(null, k("c")));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> open.mayHaveKeysIn(k("d"), k("c")));
      assertEquals(true, e.getMessage().contains("sorts after"), e.getMessage());
    } finally {
      db.close();
    }
  }

  private static void check(CascadeDb db, String where) {
    assertEquals(false, db.mayHaveKeysIn(k("a"), k("b")), where + ": before the smallest key");
    assertEquals(true, db.mayHaveKeysIn(k("a"), k("c")), where + ": ends at the smallest key");
    assertEquals(true, db.mayHaveKeysIn(k("m"), k("m")), where + ": one key");
    assertEquals(true, db.mayHaveKeysIn(k("x"), k("z")), where + ": starts at a deleted key");
    assertEquals(false, db.mayHaveKeysIn(k("xa"), k("z")), where + ": after the largest key");
    assertEquals(false, db.mayHaveKeysIn(k("y"), k("y")), where + ": one key after the largest");
  }

  private static byte[] k(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
