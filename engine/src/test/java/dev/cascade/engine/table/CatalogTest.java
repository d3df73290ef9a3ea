package dev.cascade.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.Options;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.CatalogException.Reason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog: create, drop, alter, indexes, row ids and statistics, and what a reopened store finds. */
class CatalogTest {
  @TempDir
  Path tmp;

  static Options options(int shards) {
    return Options.builder().shardCount(shards).memtableBytes(64 << 10).cacheBytes(shards * 256L << 10)
        .walSegmentBytes(64 << 10).partitioner(TableKeyPartitioner.INSTANCE).build();
  }

  static ColumnDef col(String name, ColumnType type) {
    return new ColumnDef(name, type, -1, 0, true, null, false);
  }

  static List<ColumnDef> itemColumns() {
    return List.of(col("ID", ColumnType.BIGINT), col("NAME", ColumnType.VARCHAR), col("QTY", ColumnType.INTEGER));
  }

  static List<Object[]> scan(CascadeDb db, TableCodec codec) {
    List<Object[]> rows = new ArrayList<>();
    try (DbIterator it = db.iterator(ReadOptions.defaults().withBounds(codec.rowsLowerBound(),
        codec.rowsUpperBound()))) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        rows.add(codec.decodeRow(it.key(), it.value()));
      }
    }
    return rows;
  }

  @Test
  void tablesSurviveReopen() {
    Path dir = tmp.resolve("db");
    TableDef items;
    try (CascadeDb db = CascadeDb.open(dir, options(3)); Catalog catalog = Catalog.open(db)) {
      long v0 = catalog.version();
      items = catalog.createTable("ITEMS", itemColumns(), new int[] {0}, 1, false);
      assertNotEquals(v0, catalog.version());
      assertFalse(items.columns().get(0).nullable(), "key columns become NOT NULL");
      TableDef logs = catalog.createTable("LOGS", List.of(col("MSG", ColumnType.VARCHAR)), new int[0], 1, false);
      assertTrue(logs.hasHiddenRowId());
      assertEquals(ColumnDef.ROW_ID, logs.columns().get(1).name());
      assertNotEquals(items.tableId(), logs.tableId());
      WriteBatch batch = new WriteBatch();
      TableCodec codec = TableCodec.of(items);
      for (long i = 0; i < 50; i++) {
        codec.stageInsert(batch, new Object[] {i, "item" + i, (int) i * 2});
      }
      db.write(batch);
      assertSame(items, catalog.createTable("ITEMS", List.of(col("X", ColumnType.BOOLEAN)), new int[] {0}, 1, true));
      assertEquals(Reason.TABLE_EXISTS, assertThrows(CatalogException.class,
          () -> catalog.createTable("ITEMS", itemColumns(), new int[] {0}, 1, false)).reason());
    }
    try (CascadeDb db = CascadeDb.open(dir, options(3)); Catalog catalog = Catalog.open(db)) {
      assertEquals(List.of("ITEMS", "LOGS"), catalog.tables().stream().map(TableDef::name).toList());
      TableDef again = catalog.table("ITEMS");
      assertEquals(items.tableId(), again.tableId());
      assertEquals(items.columns(), again.columns());
      assertArrayEquals(items.primaryKey(), again.primaryKey());
      List<Object[]> rows = scan(db, TableCodec.of(again));
      assertEquals(50, rows.size());
      assertArrayEquals(new Object[] {7L, "item7", 14}, rows.get(7));
      TableDef third = catalog.createTable("THIRD", itemColumns(), new int[] {0}, 1, false);
      assertTrue(third.tableId() > catalog.table("LOGS").tableId(), "table ids are never reused");
    }
  }

  @Test
  void dropRemovesRowsAndEntry() {
    Path dir = tmp.resolve("db");
    try (CascadeDb db = CascadeDb.open(dir, options(2)); Catalog catalog = Catalog.open(db)) {
      TableDef a = catalog.createTable("A", itemColumns(), new int[] {0}, 1, false);
      TableDef b = catalog.createTable("B", itemColumns(), new int[] {0}, 1, false);
      WriteBatch batch = new WriteBatch();
      for (long i = 0; i < 20; i++) {
        TableCodec.of(a).stageInsert(batch, new Object[] {i, "a", 1});
        TableCodec.of(b).stageInsert(batch, new Object[] {i, "b", 1});
      }
      db.write(batch);
      assertTrue(catalog.dropTable("A", false));
      assertFalse(catalog.dropTable("A", true));
      assertEquals(Reason.TABLE_NOT_FOUND, assertThrows(CatalogException.class,
          () -> catalog.dropTable("A", false)).reason());
      assertNull(catalog.table("A"));
      assertEquals(0, scan(db, TableCodec.of(a)).size());
      assertEquals(20, scan(db, TableCodec.of(b)).size());
    }
    try (CascadeDb db = CascadeDb.open(dir, options(2)); Catalog catalog = Catalog.open(db)) {
      assertEquals(List.of("B"), catalog.tables().stream().map(TableDef::name).toList());
    }
  }

  @Test
  void invalidDefinitionsAreRefused() {
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(1)); Catalog catalog = Catalog.open(db)) {
      List<ColumnDef> dup = List.of(col("A", ColumnType.INTEGER), col("A", ColumnType.INTEGER));
      assertEquals(Reason.COLUMN_EXISTS, assertThrows(CatalogException.class,
          () -> catalog.createTable("T", dup, new int[] {0}, 1, false)).reason());
      assertEquals(Reason.COLUMN_EXISTS, assertThrows(CatalogException.class,
          () -> catalog.createTable("T", List.of(col(ColumnDef.ROW_ID, ColumnType.INTEGER)), new int[0], 1,
              false)).reason());
      assertEquals(Reason.INVALID, assertThrows(CatalogException.class,
          () -> catalog.createTable("T", itemColumns(), new int[] {0, 1}, 3, false)).reason());
      assertEquals(Reason.INVALID, assertThrows(CatalogException.class,
          () -> catalog.createTable("T", itemColumns(), new int[] {0}, 0, false)).reason());
      assertEquals(Reason.INVALID, assertThrows(CatalogException.class,
          () -> catalog.createTable("X".repeat(129), itemColumns(), new int[] {0}, 1, false)).reason());
      List<ColumnDef> many = new ArrayList<>();
      for (int i = 0; i < 1001; i++) {
        many.add(col("C" + i, ColumnType.INTEGER));
      }
      CatalogException e = assertThrows(CatalogException.class,
          () -> catalog.createTable("T", many, new int[] {0}, 1, false));
      assertTrue(e.getMessage().contains("1000"), e.getMessage());
      assertEquals(Reason.INVALID, assertThrows(CatalogException.class, () -> catalog.createTable("T",
          List.of(new ColumnDef("D", ColumnType.INTEGER, -1, 0, true, "seven", false)), new int[] {0}, 1,
          false)).reason());
      assertTrue(catalog.tables().isEmpty(), "nothing half-created");
    }
  }

  @Test
  void refusesStoresWithOtherPartitioners() {
    Options hash = options(1).toBuilder().partitioner(dev.cascade.engine.KeyPartitioner.HASH).build();
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), hash)) {
      CatalogException e = assertThrows(CatalogException.class, () -> Catalog.open(db));
      assertTrue(e.getMessage().contains("TableKeyPartitioner"), e.getMessage());
    }
  }
}
