package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.RowMask;
import dev.cascade.engine.table.TableCodec;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Decodes row entries of one table into rows in Calcite's value representation (the engine's, except VARBINARY:
 * {@link ByteString} instead of byte[]). A key-only decoder reads just the primary-key columns from the key (the
 * value is not decoded at all) for scans that return nothing else.
 *
 * <p>Immutable and thread-safe (shard threads use it inside entry filters).
 */
public final class RowDecoder {
  private final TableCodec codec;
  private final int[] binaryColumns;
  private final boolean keyOnly;
  /** The columns decoded (others read as null), or null for all. */
  private final RowMask mask;

  public RowDecoder(TableCodec codec) {
    this(codec, false, null);
  }

  /** A decoder of full rows, or ({@code keyOnly}) of rows where only the primary-key columns are set. */
  public RowDecoder(TableCodec codec, boolean keyOnly) {
    this(codec, keyOnly, null);
  }

  /** A decoder of rows where only {@code columns} (positions in the table's columns) are set. */
  public RowDecoder(TableCodec codec, int[] columns) {
    this(codec, keyColumnsOnly(codec, columns), RowMask.of(codec.table(), columns));
  }

  private RowDecoder(TableCodec codec, boolean keyOnly, RowMask mask) {
    this.codec = codec;
    this.keyOnly = keyOnly;
    this.mask = mask;
    List<ColumnDef> columns = codec.table().columns();
    int binary = 0;
    for (ColumnDef c : columns) {
      binary += c.type() == ColumnType.VARBINARY ? 1 : 0;
    }
    this.binaryColumns = new int[binary];
    for (int i = 0, n = 0; n < binary; i++) {
      if (columns.get(i).type() == ColumnType.VARBINARY) {
        binaryColumns[n++] = i;
      }
    }
  }

  @Override
  public String toString() {
    return "RowDecoder[keyOnly=" + keyOnly + ", mask=" + mask + "]";
  }

  public TableCodec codec() {
    return codec;
  }

  public Object[] decode(byte[] key, byte[] value) {
    if (!keyOnly) {
      return toCalcite(codec.decodeRow(key, value, mask));
    }
    int[] pk = codec.table().primaryKey();
    Object[] values = codec.decodePrimaryKey(key);
    Object[] row = new Object[codec.table().columns().size()];
    for (int i = 0; i < pk.length; i++) {
      row[pk[i]] = values[i];
    }
    return toCalcite(row);
  }

  /** Whether {@code columns} are all primary-key columns (a key-only decoder can serve them). */
  public static boolean keyColumnsOnly(TableCodec codec, int[] columns) {
    int[] pk = codec.table().primaryKey();
    outer:
    for (int c : columns) {
      for (int k : pk) {
        if (k == c) {
          continue outer;
        }
      }
      return false;
    }
    return true;
  }

  public Object[] decode(MemorySegment key, MemorySegment value) {
    return toCalcite(codec.decodeRow(key, value, mask));
  }

  private Object[] toCalcite(Object[] row) {
    for (int i : binaryColumns) {
      if (row[i] instanceof byte[] b) {
        row[i] = new ByteString(b);
      }
    }
    return row;
  }

  /**
   * Reads the rows under {@code rowKeys} with one multiGet at {@code snapshot}, and adds to {@code out}, in key
   * order, those that exist and pass {@code predicate} (null: all).
   */
  void fetchInto(CascadeDb db, List<byte[]> rowKeys, Snapshot snapshot, RowPredicate predicate, DataContext root,
      List<Object[]> out) {
    List<byte[]> values = db.multiGet(rowKeys, snapshot);
    for (int i = 0; i < rowKeys.size(); i++) {
      if (values.get(i) == null) {
        continue;
      }
      Object[] row = decode(rowKeys.get(i), values.get(i));
      if (predicate == null || predicate.test(row, root)) {
        out.add(row);
      }
    }
  }
}
