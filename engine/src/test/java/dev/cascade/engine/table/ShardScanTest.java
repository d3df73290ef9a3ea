package dev.cascade.engine.table;

import static dev.cascade.engine.table.CatalogTest.col;
import static dev.cascade.engine.table.CatalogTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.ReadOptions;
import dev.cascade.engine.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows decoded inside shard filters, and equality on the partition key scanning one shard. */
class ShardScanTest {
  @TempDir
  Path tmp;

  @Test
  void filtersDecodeRowsOnShardThreadsAndPartitionEqualityScansOneShard() {
    try (CascadeDb db = CascadeDb.open(tmp.resolve("db"), options(4)); Catalog catalog = Catalog.open(db)) {
      TableDef t = catalog.createTable("EVENTS", List.of(col("TENANT", ColumnType.VARCHAR),
          col("SEQ", ColumnType.BIGINT), col("KIND", ColumnType.VARCHAR), col("SIZE", ColumnType.INTEGER)),
          new int[] {0, 1}, 1, false);
      TableCodec codec = TableCodec.of(t);
      WriteBatch batch = new WriteBatch();
      for (int tenant = 0; tenant < 10; tenant++) {
        for (long seq = 0; seq < 100; seq++) {
          codec.stageInsert(batch, new Object[] {"t" + tenant, seq, seq % 3 == 0 ? "big" : "small", (int) seq});
        }
      }
      db.write(batch);
      db.flush();
      ReadOptions big = ReadOptions.defaults().withBounds(codec.rowsLowerBound(), codec.rowsUpperBound())
          .withFilter((k, v) -> "big".equals(codec.decodeRow(k, v)[2]));
      assertEquals(10 * 34, rows(db, codec, big).size());
      byte[] prefix = codec.rowKeyPrefix("t7");
      int shard = codec.shardOf(new Object[] {"t7"}, db.shardCount());
      ReadOptions oneTenant = ReadOptions.defaults().withBounds(prefix, TableCodec.successor(prefix));
      List<Object[]> all = rows(db, codec, oneTenant);
      List<Object[]> oneShard = rows(db, codec, oneTenant.withShard(shard));
      assertEquals(100, oneShard.size());
      for (int i = 0; i < 100; i++) {
        assertEquals((long) i, oneShard.get(i)[1], "key order within the shard");
        assertEquals(all.get(i)[1], oneShard.get(i)[1]);
      }
      assertTrue(rows(db, codec, oneTenant.withShard((shard + 1) % db.shardCount())).isEmpty());
    }
  }

  private static List<Object[]> rows(CascadeDb db, TableCodec codec, ReadOptions ro) {
    List<Object[]> rows = new ArrayList<>();
    try (DbIterator it = db.iterator(ro)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        rows.add(codec.decodeRow(it.key(), it.value()));
      }
    }
    return rows;
  }
}
