package dev.cascade.sql.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.Options;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import dev.cascade.engine.table.TableKeyPartitioner;
import dev.cascade.sql.CascadeTable;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.StoreRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pushed aggregate runs wholly inside the shards, no row reaching the caller's scan checks, so its filter checks
 * the statement's cancel flag and timeout itself: a cancelled or timed-out statement fails with HY008 or HYT00
 * from inside the shards, whether the aggregate decodes rows (SUM) or only counts them (COUNT(*)). Through
 * {@link CascadeScan#aggregate} on a real two-shard store, with the statement's variables in a plain data context.
 */
class PushedAggregateStopTest {
  private static final int ROWS = 5_000;

  @TempDir
  Path dir;
  SqlStore store;
  CascadeTable table;

  @BeforeEach
  void open() {
    Options o = Options.builder().shardCount(2).memtableBytes(256 << 10).cacheBytes(512L << 10)
        .walSegmentBytes(256 << 10).partitioner(TableKeyPartitioner.INSTANCE).build();
    store = StoreRegistry.acquire(dir, o);
    TableDef def = store.catalog().createTable("T", List.of(
        new ColumnDef("ID", ColumnType.BIGINT, -1, 0, false, null, false),
        new ColumnDef("N", ColumnType.BIGINT, -1, 0, false, null, false)), new int[] {0}, 1, false);
    TableCodec codec = TableCodec.of(def);
    for (int from = 0; from < ROWS; from += 1000) {
      WriteBatch b = new WriteBatch();
      for (long id = from; id < from + 1000; id++) {
        codec.stageInsert(b, new Object[] {id, id % 7});
      }
      store.db().write(b);
      if (from == 2000) {
        store.db().flush(); // some rows in files, the rest in memtables: the shards read both
      }
    }
    table = new CascadeTable(store, store.catalog().table("T"));
  }

  @AfterEach
  void close() {
    StoreRegistry.release(store);
  }

  @Test
  void anUnstoppedAggregateReadsEveryRow() {
    assertArrayEquals(new Object[] {(long) ROWS}, run(countStar(), context(false, 0, 0)));
    long sum = 0;
    for (long id = 0; id < ROWS; id++) {
      sum += id % 7;
    }
    assertArrayEquals(new Object[] {sum}, run(sumOfN(), context(false, 60_000, System.currentTimeMillis())));
  }

  @Test
  void aCancelledStatementStopsItsPushedAggregate() {
    for (AggregateSpec aggregate : List.of(countStar(), sumOfN())) {
      SqlStateException e = assertThrows(SqlStateException.class, () -> run(aggregate, context(true, 0, 0)));
      assertEquals("HY008", e.sqlState(), e.getMessage());
    }
  }

  @Test
  void aStatementPastItsTimeoutStopsItsPushedAggregate() {
    for (AggregateSpec aggregate : List.of(countStar(), sumOfN())) {
      // Started ten seconds ago with a one-second timeout.
      DataContext late = context(false, 1_000, System.currentTimeMillis() - 10_000);
      SqlStateException e = assertThrows(SqlStateException.class, () -> run(aggregate, late));
      assertEquals("HYT00", e.sqlState(), e.getMessage());
    }
  }

  private Object[] run(AggregateSpec aggregate, DataContext root) {
    ScanSpec spec = new ScanSpec(table, null, null, null, new int[0], false, null, null, aggregate, false);
    return (Object[]) CascadeScan.aggregate(root, spec).first();
  }

  private static AggregateSpec countStar() {
    return new AggregateSpec(List.of(new AggregateSpec.Call(AggregateSpec.Kind.COUNT_STAR, -1, Long.class)),
        "COUNT(*)");
  }

  private static AggregateSpec sumOfN() {
    return new AggregateSpec(List.of(new AggregateSpec.Call(AggregateSpec.Kind.SUM, 1, Long.class)), "SUM(N)");
  }

  /** A statement's variables: its cancel flag, and its timeout (ms, 0 for none) counted from {@code startMillis}. */
  private static DataContext context(boolean cancelled, long timeoutMillis, long startMillis) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(DataContext.Variable.CANCEL_FLAG.camelName, new AtomicBoolean(cancelled));
    if (timeoutMillis > 0) {
      variables.put(DataContext.Variable.TIMEOUT.camelName, timeoutMillis);
      variables.put(DataContext.Variable.UTC_TIMESTAMP.camelName, startMillis);
    }
    return new MapDataContext(variables);
  }
}
