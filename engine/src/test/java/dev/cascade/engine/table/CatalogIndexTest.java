package dev.cascade.engine.table;

import static dev.cascade.engine.table.CatalogTest.col;
import static dev.cascade.engine.table.CatalogTest.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.CatalogException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE/DROP INDEX with backfill, ADD COLUMN, hidden row ids and statistics, across reopen. */
class CatalogIndexTest {
  @TempDir
  Path tmp;

  private static final int ROWS = 2500;

  private static List<ColumnDef> columns() {
    return List.of(col("ID", ColumnType.INTEGER), col("EMAIL", ColumnType.VARCHAR), col("CITY", ColumnType.VARCHAR));
  }

  private static Object[] row(int i) {
    return new Object[] {i, i % 100 == 0 ? null : "u" + i + "@x", "city" + i % 7};
  }

  private static void insert(CascadeDb db, TableDef t, int from, int to) {
    TableCodec codec = TableCodec.of(t);
    WriteBatch batch = new WriteBatch();
    for (int i = from; i < to; i++) {
      codec.stageInsert(batch, row(i));
    }
    db.write(batch);
  }

  static List<byte[]> keys(CascadeDb db, byte[] lower, byte[] upper) {
    List<byte[]> keys = new ArrayList<>();
    try (DbIterator it = db.iterator(ReadOptions.defaults().withBounds(lower, upper))) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        keys.add(it.key());
      }
    }
    return keys;
  }

  @Test
  void indexesAreBackfilledAndSurviveReopen() {
    Path dir = tmp.resolve("db");
    try (CascadeDb db = CascadeDb.open(dir, options(3)); Catalog catalog = Catalog.open(db)) {
      TableDef t = catalog.createTable("USERS", columns(), new int[] {0}, 1, false);
      insert(db, t, 0, ROWS);
      long v = catalog.version();
      TableDef withEmail = catalog.createIndex("USERS", "USERS_EMAIL", new int[] {1}, true, false);
      assertTrue(catalog.version() > v);
      TableDef withCity = catalog.createIndex("USERS", "USERS_CITY", new int[] {2}, false, false);
      assertEquals(List.of(1, 2), withCity.indexes().stream().map(IndexDef::indexId).toList());
      assertSame(withCity, catalog.createIndex("USERS", "USERS_CITY", new int[] {1}, false, true));
      assertEquals(Reason.INDEX_EXISTS, assertThrows(CatalogException.class,
          () -> catalog.createIndex("USERS", "USERS_CITY", new int[] {1}, false, false)).reason());
      assertEquals(Reason.TABLE_NOT_FOUND, assertThrows(CatalogException.class,
          () -> catalog.createIndex("NOPE", "I", new int[] {0}, false, false)).reason());
      assertEquals(ROWS, keys(db, TableCodec.of(withEmail).indexLowerBound(withEmail.indexes().get(0)),
          TableCodec.of(withEmail).indexUpperBound(withEmail.indexes().get(0))).size());
    }
    try (CascadeDb db = CascadeDb.open(dir, options(3)); Catalog catalog = Catalog.open(db)) {
      TableDef t = catalog.table("USERS");
      TableCodec codec = TableCodec.of(t);
      IndexDef email = t.indexes().get(0);
      IndexDef city = t.indexes().get(1);
      byte[] unique = codec.uniqueIndexKey(email, row(42));
      assertArrayEquals(new Object[] {42}, codec.primaryKeyOfIndexEntry(email, unique, db.get(unique)));
      byte[] prefix = codec.indexKeyPrefix(city, "city3");
      Set<Object> ids = new HashSet<>();
      for (byte[] k : keys(db, prefix, TableCodec.successor(prefix))) {
        ids.add(codec.primaryKeyOfIndexEntry(city, k, new byte[0])[0]);
      }
      assertEquals((ROWS - 3 + 6) / 7, ids.size());
      assertTrue(ids.contains(3) && ids.contains(10) && !ids.contains(4));
      assertTrue(catalog.dropIndex("USERS_EMAIL", false));
      assertFalse(catalog.dropIndex("USERS_EMAIL", true));
      assertEquals(Reason.INDEX_NOT_FOUND, assertThrows(CatalogException.class,
          () -> catalog.dropIndex("USERS_EMAIL", false)).reason());
      assertEquals(0, keys(db, codec.indexLowerBound(email), codec.indexUpperBound(email)).size());
      assertEquals(List.of("USERS_CITY"), catalog.table("USERS").indexes().stream().map(IndexDef::name).toList());
      TableDef again = catalog.createIndex("USERS", "USERS_EMAIL2", new int[] {1}, false, false);
      assertEquals(1, again.indexes().get(1).indexId(), "a dropped index id is reused, its range cleared");
    }
  }

  @Test
  void uniqueIndexOverDuplicatesFailsAndLeavesNothing() {
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(2)); Catalog catalog = Catalog.open(db)) {
      TableDef t = catalog.createTable("USERS", columns(), new int[] {0}, 1, false);
      insert(db, t, 0, ROWS);
      long v = catalog.version();
      CatalogException e = assertThrows(CatalogException.class,
          () -> catalog.createIndex("USERS", "USERS_CITY", new int[] {2}, true, false));
      assertEquals(Reason.DUPLICATE_KEY, e.reason());
      assertTrue(e.getMessage().contains("USERS_CITY") && e.getMessage().contains("city"), e.getMessage());
      assertEquals(v, catalog.version());
      assertTrue(catalog.table("USERS").indexes().isEmpty());
      TableCodec codec = TableCodec.of(t);
      assertEquals(0, keys(db, codec.rowsUpperBound(), CatalogKeys.tablePrefix(t.tableId() + 1)).size());
      // a duplicate that only appears across backfill batches is caught too
      TableCodec c = TableCodec.of(t);
      db.write(new WriteBatch().put(c.rowKey(new Object[] {ROWS + 1, "u7@x", "z"}), c.encodeValue(
          new Object[] {ROWS + 1, "u7@x", "z"})));
      e = assertThrows(CatalogException.class,
          () -> catalog.createIndex("USERS", "USERS_EMAIL", new int[] {1}, true, false));
      assertTrue(e.getMessage().contains("u7@x"), e.getMessage());
      assertEquals(0, keys(db, codec.rowsUpperBound(), CatalogKeys.tablePrefix(t.tableId() + 1)).size());
    }
  }

  @Test
  void indexEntryTooLargeFailsAndLeavesNothing() {
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(2)); Catalog catalog = Catalog.open(db)) {
      TableDef t = catalog.createTable("USERS", columns(), new int[] {0}, 1, false);
      insert(db, t, 0, ROWS);
      TableCodec codec = TableCodec.of(t);
      Object[] huge = {ROWS + 5, "h", "c".repeat(3000)};
      db.write(new WriteBatch().put(codec.rowKey(huge), codec.encodeValue(huge)));
      CatalogException e = assertThrows(CatalogException.class,
          () -> catalog.createIndex("USERS", "USERS_CITY", new int[] {2}, false, false));
      assertEquals(Reason.INVALID, e.reason());
      assertTrue(e.getMessage().contains("KEY_BYTES_MAX"), e.getMessage());
      assertTrue(catalog.table("USERS").indexes().isEmpty());
      assertEquals(0, keys(db, codec.rowsUpperBound(), CatalogKeys.tablePrefix(t.tableId() + 1)).size());
    }
  }

  @Test
  void addColumnRowIdsAndStatsSurviveReopen() {
    Path dir = tmp.resolve("db");
    long lastRowId;
    try (CascadeDb db = CascadeDb.open(dir, options(2)); Catalog catalog = Catalog.open(db)) {
      TableDef logs = catalog.createTable("LOGS", List.of(col("MSG", ColumnType.VARCHAR)), new int[0], 1, false);
      TableCodec codec = TableCodec.of(logs);
      WriteBatch batch = new WriteBatch();
      long prev = 0;
      for (int i = 0; i < 10; i++) {
        long id = catalog.nextRowId(logs);
        assertTrue(id > prev);
        prev = id;
        codec.stageInsert(batch, new Object[] {"m" + i, id});
      }
      lastRowId = prev;
      db.write(batch);
      catalog.adjustRowCount("LOGS", 10);
      catalog.adjustRowCount("LOGS", -1);
      assertEquals(9, catalog.stats("LOGS").rowCount());
      TableDef v2 = catalog.addColumn("LOGS", new ColumnDef("LEVEL", ColumnType.INTEGER, -1, 0, false, 3, false));
      assertEquals(2, v2.schemaVersion());
      assertEquals(List.of("MSG", "LEVEL", ColumnDef.ROW_ID), v2.columns().stream().map(ColumnDef::name).toList());
      assertTrue(v2.hasHiddenRowId());
      assertEquals(Reason.COLUMN_EXISTS, assertThrows(CatalogException.class,
          () -> catalog.addColumn("LOGS", col("LEVEL", ColumnType.INTEGER))).reason());
      assertEquals(Reason.NOT_NULL, assertThrows(CatalogException.class, () -> catalog.addColumn("LOGS",
          new ColumnDef("X", ColumnType.INTEGER, -1, 0, false, null, false))).reason());
    }
    try (CascadeDb db = CascadeDb.open(dir, options(2)); Catalog catalog = Catalog.open(db)) {
      TableDef logs = catalog.table("LOGS");
      assertEquals(9, catalog.stats("LOGS").rowCount());
      assertTrue(catalog.nextRowId(logs) > lastRowId, "row ids stay unique across restarts");
      List<Object[]> rows = CatalogTest.scan(db, TableCodec.of(logs));
      assertEquals(10, rows.size());
      assertArrayEquals(new Object[] {"m0", 3, rows.get(0)[2]}, rows.get(0));
      assertNotNull(rows.get(0)[2]);
      catalog.dropTable("LOGS", false);
      assertNull(catalog.table("LOGS"));
      assertEquals(0, catalog.stats("LOGS").rowCount());
      catalog.adjustRowCount("LOGS", 5);
      assertEquals(0, catalog.stats("LOGS").rowCount());
    }
  }
}
