package dev.cascade.engine.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cascade.engine.io.TestSeeds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The in-place probe of integer columns against the row decoder: random tables mixing every value type, random
 * rows with NULLs, values on the heap and off it, rows written before a column was added (its default), and the
 * columns a probe refuses.
 */
class IntegerColumnProbeTest {
  private static final ColumnType[] TYPES = {ColumnType.BOOLEAN, ColumnType.TINYINT, ColumnType.SMALLINT,
      ColumnType.INTEGER, ColumnType.BIGINT, ColumnType.REAL, ColumnType.DOUBLE, ColumnType.DECIMAL,
      ColumnType.VARCHAR, ColumnType.VARBINARY, ColumnType.DATE, ColumnType.TIMESTAMP};

  @Test
  void agreesWithTheDecoder() {
    long seed = TestSeeds.seed("IntegerColumnProbeTest.agreesWithTheDecoder");
    Random r = new Random(seed);
    try (Arena arena = Arena.ofConfined()) {
      for (int t = 0; t < 40; t++) {
        List<ColumnDef> cols = new ArrayList<>();
        cols.add(new ColumnDef("ID", ColumnType.BIGINT, -1, 0, false, null, false));
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
          ColumnType type = TYPES[r.nextInt(TYPES.length)];
          boolean decimal = type == ColumnType.DECIMAL;
          cols.add(new ColumnDef("C" + i, type, decimal ? 12 : -1, decimal ? 2 : 0, true, null, false));
        }
        // A table as written, and the same table after ADD COLUMN of an integer with a default (old rows lack it).
        TableDef before = new TableDef("T", 9, 1, List.copyOf(cols), new int[] {0}, 1, List.of());
        long added = r.nextLong() >> r.nextInt(64);
        List<ColumnDef> after = new ArrayList<>(cols);
        after.add(new ColumnDef("ADDED", ColumnType.BIGINT, -1, 0, true, r.nextBoolean() ? added : null, false));
        TableCodec old = TableCodec.of(before);
        TableCodec codec = TableCodec.of(new TableDef("T", 9, 2, after, new int[] {0}, 1, List.of()));
        for (int i = 0; i < 200; i++) {
          Object[] row = new Object[cols.size()];
          row[0] = (long) i;
          for (int c = 1; c < cols.size(); c++) {
            row[c] = r.nextInt(4) == 0 ? null : value(cols.get(c).type(), r);
          }
          byte[] key = old.rowKey(row);
          byte[] value = old.encodeValue(row);
          MemorySegment heap = MemorySegment.ofArray(value);
          MemorySegment offHeap = arena.allocate(value.length);
          offHeap.copyFrom(heap);
          byte[] inArray = new byte[value.length + 6];
          System.arraycopy(value, 0, inArray, 3, value.length);
          Object[] decoded = codec.decodeRow(key, value);
          for (int c = 0; c < after.size(); c++) {
            IntegerColumnProbe probe = codec.integerProbe(c);
            if (c == 0 || !IntegerColumnProbe.supports(after.get(c).type())) {
              assertNull(probe, "column " + c + " (seed " + seed + ")");
              continue;
            }
            assertNotNull(probe, "column " + c);
            long constant = r.nextBoolean() || decoded[c] == null ? r.nextLong() >> r.nextInt(64)
                : ((Number) decoded[c]).longValue() + r.nextInt(3) - 1;
            int expected = decoded[c] == null ? IntegerColumnProbe.NULL
                : Long.compare(((Number) decoded[c]).longValue(), constant);
            String what = "table " + t + " row " + i + " column " + c + " " + after.get(c).type() + " vs " + constant
                + " (seed " + seed + ")";
            assertEquals(sign(expected), sign(probe.compare(heap, constant)), what);
            assertEquals(sign(expected), sign(probe.compare(offHeap, constant)), what + " off heap");
            assertEquals(sign(expected), sign(probe.compare(inArray, 3, value.length, constant)),
                what + " in an array");
          }
        }
      }
    }
  }

  private static int sign(int c) {
    return c == IntegerColumnProbe.NULL ? c : Integer.signum(c);
  }

  private static Object value(ColumnType type, Random r) {
    return switch (type) {
      case BOOLEAN -> r.nextBoolean();
      case TINYINT -> (byte) r.nextInt();
      case SMALLINT -> (short) r.nextInt();
      case INTEGER -> r.nextInt() >> r.nextInt(32);
      case BIGINT -> r.nextLong() >> r.nextInt(64);
      case REAL -> r.nextFloat();
      case DOUBLE -> r.nextDouble();
      case DECIMAL -> BigDecimal.valueOf(r.nextInt(1_000_000), 2);
      case VARCHAR -> "s".repeat(r.nextInt(300));
      case VARBINARY -> new byte[r.nextInt(200)];
      case DATE -> r.nextInt(40_000);
      case TIMESTAMP -> r.nextLong() >> 20;
      default -> throw new IllegalArgumentException(type.toString());
    };
  }
}
