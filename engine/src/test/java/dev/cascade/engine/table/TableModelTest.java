package dev.cascade.engine.table;

import static dev.cascade.engine.table.CatalogTest.col;
import static dev.cascade.engine.table.CatalogTest.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random inserts, updates and deletes (with a local and a UNIQUE index) against a TreeMap model; after reopening,
 * the rows equal the model and the index entries equal exactly what the rows imply, and a one-shard scan sees
 * exactly that shard's keys. Seeded: rerun with -Dseed=; -Dcascade.stress=true runs longer.
 */
class TableModelTest {
  private static final int SHARDS = 3;

  @TempDir
  Path tmp;

  @Test
  void rowsAndIndexesMatchTheModel() {
    long seed = Long.getLong("seed", System.nanoTime());
    System.out.println("TableModelTest seed=" + seed + " (rerun with -Dseed=" + seed + ")");
    Random r = new Random(seed);
    int rounds = Boolean.getBoolean("cascade.stress") ? 20 : 3;
    Path dir = tmp.resolve("db");
    Map<String, Object[]> model = new TreeMap<>();
    try (CascadeDb db = CascadeDb.open(dir, options(SHARDS)); Catalog catalog = Catalog.open(db)) {
      catalog.createTable("T", List.of(col("K1", ColumnType.VARCHAR), col("K2", ColumnType.INTEGER),
          col("A", ColumnType.INTEGER), col("B", ColumnType.VARCHAR)), new int[] {0, 1}, 1, false);
      catalog.createIndex("T", "T_A", new int[] {2}, false, false);
      catalog.createIndex("T", "T_B", new int[] {3}, true, false);
    }
    for (int round = 0; round < rounds; round++) {
      try (CascadeDb db = CascadeDb.open(dir, options(SHARDS)); Catalog catalog = Catalog.open(db)) {
        TableCodec codec = TableCodec.of(catalog.table("T"));
        check(db, codec, model);
        for (int batch = 0; batch < 40; batch++) {
          WriteBatch wb = new WriteBatch();
          Map<String, Object[]> staged = new TreeMap<>(model);
          for (int op = 0; op < 10; op++) {
            step(r, codec, staged, wb);
          }
          db.write(wb);
          model.clear();
          model.putAll(staged);
        }
        check(db, codec, model);
      }
    }
  }

  private static String id(Object[] row) {
    return row[0] + "/" + row[1];
  }

  /** One random insert, update or delete, applied to {@code staged} and staged in {@code wb}. */
  private static void step(Random r, TableCodec codec, Map<String, Object[]> staged, WriteBatch wb) {
    Object[] row = {"k" + r.nextInt(8), r.nextInt(40) - 20, r.nextInt(5) == 0 ? null : r.nextInt(10),
        r.nextInt(4) == 0 ? null : "b" + r.nextInt(300)};
    Object[] old = staged.get(id(row));
    if (old != null) {
      codec.stageDelete(wb, old);
      staged.remove(id(row));
      if (r.nextBoolean()) {
        return;
      }
    }
    boolean conflict = row[3] != null && staged.values().stream().anyMatch(o -> row[3].equals(o[3]));
    if (!conflict) {
      codec.stageInsert(wb, row);
      staged.put(id(row), row);
    } else if (old != null) {
      codec.stageInsert(wb, old);
      staged.put(id(old), old);
    }
  }

  private static void check(CascadeDb db, TableCodec codec, Map<String, Object[]> model) {
    TreeMap<String, String> expected = new TreeMap<>();
    for (Object[] row : model.values()) {
      expected.put(hex(codec.rowKey(row)), hex(codec.encodeValue(row)));
      for (IndexDef index : codec.table().indexes()) {
        expected.put(hex(codec.indexEntryKey(index, row)), hex(codec.indexEntryValue(index, row)));
      }
    }
    TreeMap<String, String> actual = new TreeMap<>();
    List<byte[]> all = new ArrayList<>();
    try (DbIterator it = db.iterator(ReadOptions.defaults().withBounds(codec.rowsLowerBound(),
        CatalogKeys.tablePrefix(codec.table().tableId() + 1)))) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        actual.put(hex(it.key()), hex(it.value()));
        all.add(it.key());
      }
    }
    assertEquals(expected, actual);
    for (Object[] row : model.values()) {
      byte[] key = codec.rowKey(row);
      assertArrayEquals(row, codec.decodeRow(key, db.get(key)));
    }
    int seen = 0;
    for (int s = 0; s < SHARDS; s++) {
      try (DbIterator it = db.iterator(ReadOptions.defaults().withShard(s))) {
        for (it.seekToFirst(); it.valid(); it.next()) {
          if (Arrays.compareUnsigned(it.key(), codec.rowsLowerBound()) >= 0) {
            assertEquals(s, TableKeyPartitioner.INSTANCE.shardOf(it.key(), SHARDS));
            seen++;
          }
        }
      }
    }
    assertEquals(all.size(), seen, "the one-shard scans together see every key once");
    assertThrows(IllegalArgumentException.class, () -> db.iterator(ReadOptions.defaults().withShard(SHARDS)));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
