package dev.cascade.engine.table;

import dev.cascade.engine.KeyPartitioner;

/**
 * The partitioner of stores that hold tables: every table key ends with a 4-byte hash of its partition key (see
 * {@code engine/docs/table-format.md}), and the shard is that hash modulo the shard count. A row's local index
 * entries carry the row's hash, so they live on the row's shard; a UNIQUE index entry carries the hash of the
 * indexed value. Keys of table 0 (the catalog) and keys too short to hold a header and a trailer go to shard 0.
 *
 * <p>Immutable.
 */
public final class TableKeyPartitioner implements KeyPartitioner {
  public static final TableKeyPartitioner INSTANCE = new TableKeyPartitioner();

  /** Table id (4), index id (1), trailer (4). */
  static final int KEY_BYTES_MIN = 9;

  private TableKeyPartitioner() {
  }

  @Override
  public int shardOf(byte[] key, int shardCount) {
    if (shardCount == 1 || key.length < KEY_BYTES_MIN) {
      return 0;
    }
    if (key[0] == 0 && key[1] == 0 && key[2] == 0 && key[3] == 0) {
      return 0;
    }
    int n = key.length;
    int trailer = ((key[n - 4] & 0xFF) << 24) | ((key[n - 3] & 0xFF) << 16) | ((key[n - 2] & 0xFF) << 8)
        | (key[n - 1] & 0xFF);
    return PartitionHash.shardOf(trailer, shardCount);
  }

  @Override
  public String toString() {
    return "TableKeyPartitioner";
  }
}
