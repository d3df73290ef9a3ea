package dev.cascade.engine.table;

import dev.cascade.engine.CascadeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog entry of a table, a serialised {@link TableDef} (see {@code engine/docs/table-format.md}):
 * <pre>
 * [format u8 = 1][name][tableId u32][schemaVersion varint][columns varint]
 *   per column: [name][type ordinal u8][precision zigzag][scale zigzag][flags u8: 1 nullable, 2 hidden,
 *               4 has default][default value, compact encoding, when flag 4]
 * [primary-key columns varint][position varint]...[partitionColumns varint]
 * [indexes varint] per index: [name][indexId u8][columns varint][position varint]...[unique u8]
 * </pre>
 * Strings are a varint length and UTF-8 bytes.
 *
 * <p>Stateless.
 */
final class TableDefFormat {
  static final int FORMAT_VERSION = 1;

  private static final int NULLABLE = 1;
  private static final int HIDDEN = 2;
  private static final int HAS_DEFAULT = 4;

  private TableDefFormat() {
  }

  static byte[] encode(TableDef t) {
    ByteSink out = new ByteSink(256);
    out.u8(FORMAT_VERSION);
    string(out, t.name());
    out.u32(t.tableId()).varint(t.schemaVersion()).varint(t.columns().size());
    for (ColumnDef c : t.columns()) {
      string(out, c.name());
      out.u8(c.type().ordinal()).zigzag(c.precision()).zigzag(c.scale());
      out.u8((c.nullable() ? NULLABLE : 0) | (c.hidden() ? HIDDEN : 0) | (c.defaultValue() != null ? HAS_DEFAULT : 0));
      if (c.defaultValue() != null) {
        ValueColumnEncoding.encode(out, c.type(), c.defaultValue());
      }
    }
    positions(out, t.primaryKey());
    out.varint(t.partitionColumns()).varint(t.indexes().size());
    for (IndexDef index : t.indexes()) {
      string(out, index.name());
      out.u8(index.indexId());
      positions(out, index.columns());
      out.u8(index.unique() ? 1 : 0);
    }
    return out.toArray();
  }

  static TableDef decode(byte[] bytes) {
    SegmentReader in = new SegmentReader(bytes, 0);
    int format = in.u8();
    if (format != FORMAT_VERSION) {
      throw new CascadeException("catalog entry has format version " + format + "; this build reads version "
          + FORMAT_VERSION);
    }
    String name = string(in);
    int tableId = in.u32();
    int schemaVersion = (int) in.varint();
    int columnCount = (int) in.varint();
    List<ColumnDef> columns = new ArrayList<>(columnCount);
    for (int i = 0; i < columnCount; i++) {
      columns.add(column(in));
    }
    int[] primaryKey = positions(in);
    int partitionColumns = (int) in.varint();
    int indexCount = (int) in.varint();
    List<IndexDef> indexes = new ArrayList<>(indexCount);
    for (int i = 0; i < indexCount; i++) {
      String indexName = string(in);
      int indexId = in.u8();
      int[] cols = positions(in);
      indexes.add(new IndexDef(indexName, indexId, cols, in.u8() != 0));
    }
    return new TableDef(name, tableId, schemaVersion, List.copyOf(columns), primaryKey, partitionColumns,
        List.copyOf(indexes));
  }

  private static ColumnDef column(SegmentReader in) {
    String name = string(in);
    int ordinal = in.u8();
    if (ordinal >= ColumnType.values().length) {
      throw new CascadeException("catalog entry names unknown column type " + ordinal + " for column " + name);
    }
    ColumnType type = ColumnType.values()[ordinal];
    int precision = (int) in.zigzag();
    int scale = (int) in.zigzag();
    int flags = in.u8();
    Object defaultValue = (flags & HAS_DEFAULT) != 0 ? ValueColumnEncoding.decode(in, type) : null;
    return new ColumnDef(name, type, precision, scale, (flags & NULLABLE) != 0, defaultValue, (flags & HIDDEN) != 0);
  }

  private static void positions(ByteSink out, int[] positions) {
    out.varint(positions.length);
    for (int p : positions) {
      out.varint(p);
    }
  }

  private static int[] positions(SegmentReader in) {
    int n = (int) in.varint();
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = (int) in.varint();
    }
    return p;
  }

  private static void string(ByteSink out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.varint(b.length).bytes(b);
  }

  private static String string(SegmentReader in) {
    return new String(in.bytes(in.length()), StandardCharsets.UTF_8);
  }
}
