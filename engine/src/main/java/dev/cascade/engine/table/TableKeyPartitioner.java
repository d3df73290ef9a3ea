package dev.cascade.engine.table;

import dev.cascade.engine.KeyPartitioner;

/**
 * The partitioner of stores that hold tables: every table key ends with a 4-byte hash of its partition key (see
 * {@code engine/docs/table-format.md}), and the shard is that hash modulo the shard count. A row's local index
 * entries carry the row's hash, so they live on the row's shard; a UNIQUE index entry carries the hash of the
 * indexed value.
 */
public final class TableKeyPartitioner implements KeyPartitioner {
  public static final TableKeyPartitioner INSTANCE = new TableKeyPartitioner();

  private TableKeyPartitioner() {
  }

  @Override
  public int shardOf(byte[] key, int shardCount) {
    throw new UnsupportedOperationException("table layer not built yet");
  }

  @Override
  public String toString() {
    return "TableKeyPartitioner";
  }
}
