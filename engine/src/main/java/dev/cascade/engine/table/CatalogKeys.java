package dev.cascade.engine.table;

import java.nio.charset.StandardCharsets;

/**
 * Keys of the catalog's system table (table id 0, index id 0), all on shard 0 (see {@link TableKeyPartitioner}):
 * {@code [0 u32][0 u8][kind u8][subject]} with no trailer. Kinds: a table entry (subject: the name, UTF-8), the
 * next-table-id counter (no subject), a table's statistics and a table's reserved row ids (subject: table id u32).
 *
 * <p>Stateless.
 */
final class CatalogKeys {
  static final int SYSTEM_TABLE_ID = 0;
  static final int KIND_TABLE = 1;
  static final int KIND_NEXT_TABLE_ID = 2;
  static final int KIND_STATS = 3;
  static final int KIND_ROW_IDS = 4;

  private CatalogKeys() {
  }

  static byte[] table(String name) {
    return prefix(KIND_TABLE).bytes(name.getBytes(StandardCharsets.UTF_8)).toArray();
  }

  static byte[] nextTableId() {
    return prefix(KIND_NEXT_TABLE_ID).toArray();
  }

  static byte[] stats(int tableId) {
    return prefix(KIND_STATS).u32(tableId).toArray();
  }

  static byte[] rowIds(int tableId) {
    return prefix(KIND_ROW_IDS).u32(tableId).toArray();
  }

  /** Inclusive lower bound of the entries of one kind. */
  static byte[] kindLowerBound(int kind) {
    return prefix(kind).toArray();
  }

  static byte[] kindUpperBound(int kind) {
    return prefix(kind + 1).toArray();
  }

  /** The table id of a stats or row-ids key. */
  static int subjectTableId(byte[] key) {
    return new SegmentReader(key, 6).u32();
  }

  /** [tableId u32]: with [tableId + 1 u32] the range of every key of a table. */
  static byte[] tablePrefix(int tableId) {
    return new ByteSink(4).u32(tableId).toArray();
  }

  private static ByteSink prefix(int kind) {
    return new ByteSink(32).u32(SYSTEM_TABLE_ID).u8(0).u8(kind);
  }
}
