package dev.cascade.sql.sys;

import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.DOUBLE;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import dev.cascade.engine.ShardProperties;
import dev.cascade.sql.SqlStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SYS.SHARDS}: one row per shard of the store, from the engine's properties at the time of the scan:
 * memtable, files and bytes (all levels, and per level as text), cache, compaction and write counters since the
 * store opened. Sum the rows for the whole store.
 *
 * <p>Immutable; thread-safe.
 */
final class ShardsTable extends SysTable {
  private static final List<Column> COLUMNS = List.of(column("SHARD", INTEGER), column("MEMTABLE_BYTES", BIGINT),
      column("IMMUTABLE_MEMTABLES", INTEGER), column("FILES", BIGINT), column("SST_BYTES", BIGINT),
      column("FILES_PER_LEVEL", VARCHAR), column("CACHE_HITS", BIGINT), column("CACHE_MISSES", BIGINT),
      column("CACHE_CAPACITY_BYTES", BIGINT), column("COMPACTION_DEBT_BYTES", BIGINT),
      column("USER_BYTES_WRITTEN", BIGINT), column("WAL_BYTES_WRITTEN", BIGINT), column("FLUSH_BYTES_WRITTEN", BIGINT),
      column("COMPACTION_BYTES_READ", BIGINT), column("COMPACTION_BYTES_WRITTEN", BIGINT), column("FLUSHES", BIGINT),
      column("COMPACTIONS", BIGINT), column("STALL_SLOWDOWNS", BIGINT), column("STALL_STOPS", BIGINT),
      column("STALL_NANOS", BIGINT), column("WRITE_AMPLIFICATION", DOUBLE));

  ShardsTable(SqlStore store, String schemaName) {
    super(store, schemaName);
  }

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  protected List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>();
    for (ShardProperties p : store.db().properties().shards()) {
      rows.add(new Object[] {p.shard(), p.memtableBytes(), p.immutableMemtables(), p.totalFiles(), p.liveSstBytes(),
          levels(p), p.cacheHits(), p.cacheMisses(), p.cacheCapacityBytes(), p.compactionDebtBytes(),
          p.userBytesWritten(), p.walBytesWritten(), p.flushBytesWritten(), p.compactionBytesRead(),
          p.compactionBytesWritten(), p.flushes(), p.compactions(), p.stallSlowdowns(), p.stallStops(),
          p.stallNanos(), p.writeAmplification()});
    }
    return rows;
  }

  /** Files and bytes of each non-empty level: {@code "L0=2/8192 L1=5/40960"}; empty when there are none. */
  static String levels(ShardProperties p) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < p.filesPerLevel().length; i++) {
      if (p.filesPerLevel()[i] != 0) {
        b.append(b.isEmpty() ? "" : " ").append('L').append(i).append('=').append(p.filesPerLevel()[i]).append('/')
            .append(p.bytesPerLevel()[i]);
      }
    }
    return b.toString();
  }
}
