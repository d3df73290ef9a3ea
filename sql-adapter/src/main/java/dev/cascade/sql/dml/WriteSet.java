package dev.cascade.sql.dml;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The net effect of one statement on its table: the rows it removes and the rows it writes, keyed by row key. All
 * of a statement's changes are collected first, so constraint checks see the statement as a whole (an UPDATE that
 * shifts every key by one does not collide with itself), then checked against each other and against the
 * statement's snapshot, and only then staged into one {@link WriteBatch} (removals first, so a row rewritten under
 * the same key, or a unique value moved from one row to another, ends up written).
 *
 * <p>Owned by the statement's thread (it runs under the store's write lock).
 */
final class WriteSet {
  /** Keys per multiGet when reading what a statement's rows collide with. */
  static final int READ_CHUNK_KEYS_MAX = 1024;

  private final TableDef table;
  private final TableCodec codec;
  private final CascadeDb db;
  private final Snapshot snapshot;
  private final boolean replace;
  /** Most rows {@link #WriteSet(TableDef, CascadeDb, Snapshot, boolean, int)} reserves room for up front. */
  static final int EXPECTED_ROWS_MAX = 1 << 16;

  /** Fewest keys for which {@link #noRowInSpan} is tried before the keys are looked up one by one. */
  static final int SPAN_CHECK_KEYS_MIN = 16;

  private final Map<KeyBytes, Object[]> removed = new LinkedHashMap<>();
  private final Map<KeyBytes, Object[]> written;
  /** Whether every written row's key sorts after the one written before it (a load in key order), and the last. */
  private boolean writtenAscending = true;
  private byte[] lastWritten;
  private long affectedRows;

  /** {@code replace}: a written row replaces the row with the same key (UPSERT) instead of colliding with it. */
  WriteSet(TableDef table, CascadeDb db, Snapshot snapshot, boolean replace) {
    this(table, db, snapshot, replace, 0);
  }

  /**
   * A write set that expects to write about {@code expectedRows} rows (a JDBC batch knows how many elements it
   * has), so that its map of written rows does not grow and rehash row after row.
   */
  WriteSet(TableDef table, CascadeDb db, Snapshot snapshot, boolean replace, int expectedRows) {
    this.table = table;
    this.codec = TableCodec.of(table);
    this.db = db;
    this.snapshot = snapshot;
    this.replace = replace;
    int rows = Math.clamp(expectedRows, 0, EXPECTED_ROWS_MAX);
    this.written = new LinkedHashMap<>(rows == 0 ? 16 : (int) (rows / 0.75f) + 1);
  }

  void add(RowChange change) {
    if (change.oldRow() != null) {
      remove(change.oldRow());
    }
    if (change.newRow() != null) {
      write(change.newRow());
    }
    affectedRows++;
    long entries = removed.size() + written.size();
    if (entries > db.options().batchEntriesMax()) {
      throw StatementLimits.tooLarge(table, "more than " + db.options().batchEntriesMax() + " rows to write", null);
    }
  }

  long affectedRows() {
    return affectedRows;
  }

  /** Rows the table gains (negative: loses) when the batch commits. */
  long rowCountDelta() {
    return (long) written.size() - removed.size();
  }

  private void remove(Object[] oldRow) {
    KeyBytes key = new KeyBytes(codec.rowKey(oldRow));
    if (removed.putIfAbsent(key, oldRow) != null) {
      throw new SqlStateException("21000", "the statement changes the row of " + table.name() + " with primary key "
          + Messages.primaryKey(table, oldRow) + " more than once (a MERGE source row matches it twice?)");
    }
  }

  private void write(Object[] newRow) {
    byte[] bytes = codec.rowKey(newRow);
    KeyBytes key = new KeyBytes(bytes);
    if (writtenAscending) {
      writtenAscending = lastWritten == null || Arrays.compareUnsigned(lastWritten, bytes) < 0;
      lastWritten = bytes;
    }
    if (written.put(key, newRow) != null && !replace) {
      throw new SqlStateException("23505", "duplicate key in table " + table.name()
          + ": two rows of the statement have primary key " + Messages.primaryKey(table, newRow));
    }
  }

  /** Checks every written row against the rows at the snapshot and against each other's unique values. */
  void check() {
    checkPrimaryKeys();
    for (IndexDef index : table.indexes()) {
      if (index.unique()) {
        checkUnique(index);
      }
    }
  }

  private void checkPrimaryKeys() {
    List<KeyBytes> keys = new ArrayList<>();
    for (KeyBytes key : written.keySet()) {
      if (!removed.containsKey(key)) {
        keys.add(key);
      }
    }
    if (writtenAscending && keys.size() >= SPAN_CHECK_KEYS_MIN
        && noRowInSpan(keys.getFirst().bytes(), keys.getLast().bytes())) {
      return;
    }
    List<byte[]> found = readAll(keys);
    for (int i = 0; i < keys.size(); i++) {
      byte[] existing = found.get(i);
      if (existing == null) {
        continue;
      }
      KeyBytes key = keys.get(i);
      if (!replace) {
        throw new SqlStateException("23505", "duplicate key in table " + table.name() + ": a row with primary key "
            + Messages.primaryKey(table, written.get(key)) + " already exists");
      }
      removed.put(key, codec.decodeRow(key.bytes(), existing));
    }
  }

  private void checkUnique(IndexDef index) {
    Map<KeyBytes, Object[]> byValue = new HashMap<>();
    for (Object[] row : written.values()) {
      byte[] entry = codec.uniqueIndexKey(index, row);
      if (entry != null && byValue.put(new KeyBytes(entry), row) != null) {
        throw new SqlStateException("23505", "duplicate key in table " + table.name() + ": two rows of the "
            + "statement have " + Messages.indexValue(table, index, row) + " in unique index " + index.name());
      }
    }
    List<KeyBytes> entries = new ArrayList<>(byValue.keySet());
    List<byte[]> found = readAll(entries);
    for (int i = 0; i < entries.size(); i++) {
      byte[] value = found.get(i);
      if (value == null) {
        continue;
      }
      byte[] entry = entries.get(i).bytes();
      byte[] owner = codec.rowKeyOf(codec.primaryKeyOfIndexEntry(index, entry, value));
      if (!removed.containsKey(new KeyBytes(owner))) {
        throw new SqlStateException("23505", "duplicate key in table " + table.name() + ": unique index "
            + index.name() + " already has " + Messages.indexValue(table, index, byValue.get(entries.get(i))));
      }
    }
  }

  /**
   * Whether no row can exist with a key in {@code [first, last]}: then none of the keys written in key order
   * between them collides, and one check of the store's key ranges ({@link CascadeDb#mayHaveKeysIn}, no page read)
   * answers for all of them instead of a lookup each. A load in key order past the table's last row (a bulk load,
   * an increasing key) is the case this is for; when the span may hold a row, the keys are looked up one by one.
   */
  private boolean noRowInSpan(byte[] first, byte[] last) {
    return !db.mayHaveKeysIn(first, last);
  }

  private List<byte[]> readAll(List<KeyBytes> keys) {
    List<byte[]> values = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += READ_CHUNK_KEYS_MAX) {
      List<byte[]> chunk = new ArrayList<>();
      for (KeyBytes key : keys.subList(from, Math.min(keys.size(), from + READ_CHUNK_KEYS_MAX))) {
        chunk.add(key.bytes());
      }
      values.addAll(db.multiGet(chunk, snapshot));
    }
    return values;
  }

  /** The statement's one batch: every removal (row and index entries), then every written row. */
  WriteBatch stage() {
    WriteBatch batch = new WriteBatch();
    StatementLimits limits = new StatementLimits(table, db.options());
    try {
      for (Object[] row : removed.values()) {
        codec.stageDelete(batch, row);
        limits.check(batch);
      }
      for (Map.Entry<KeyBytes, Object[]> e : written.entrySet()) {
        codec.stageInsert(batch, e.getKey().bytes(), e.getValue());
        limits.check(batch);
      }
    } catch (IllegalArgumentException e) {
      throw StatementLimits.tooLarge(table, e.getMessage(), e);
    }
    return batch;
  }
}
