package dev.cascade.sql.exec;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;

/**
 * Decodes row entries of one table into rows in Calcite's value representation (the engine's, except VARBINARY:
 * {@link ByteString} instead of byte[]).
 *
 * <p>Immutable and thread-safe (shard threads use it inside entry filters).
 */
public final class RowDecoder {
  private final TableCodec codec;
  private final int[] binaryColumns;

  public RowDecoder(TableCodec codec) {
    this.codec = codec;
    List<ColumnDef> columns = codec.table().columns();
    this.binaryColumns = java.util.stream.IntStream.range(0, columns.size())
        .filter(i -> columns.get(i).type() == ColumnType.VARBINARY).toArray();
  }

  public TableCodec codec() {
    return codec;
  }

  public Object[] decode(byte[] key, byte[] value) {
    return toCalcite(codec.decodeRow(key, value));
  }

  public Object[] decode(MemorySegment key, MemorySegment value) {
    return toCalcite(codec.decodeRow(key, value));
  }

  private Object[] toCalcite(Object[] row) {
    for (int i : binaryColumns) {
      if (row[i] instanceof byte[] b) {
        row[i] = new ByteString(b);
      }
    }
    return row;
  }
}
