package dev.cascade.sql.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cascade.engine.table.ColumnDef;
import dev.cascade.engine.table.ColumnType;
import dev.cascade.engine.table.TableCodec;
import dev.cascade.engine.table.TableDef;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.junit.jupiter.api.Test;

/** Binding the in-place comparisons to one execution's parameters, and what they answer for rows. */
class ColumnComparisonsTest {
  /** T(ID BIGINT key, K INTEGER, S SMALLINT). */
  private final TableCodec codec = TableCodec.of(new TableDef("T", 4, 1, List.of(
      new ColumnDef("ID", ColumnType.BIGINT, -1, 0, false, null, false),
      new ColumnDef("K", ColumnType.INTEGER, -1, 0, true, null, false),
      new ColumnDef("S", ColumnType.SMALLINT, -1, 0, true, null, false)), new int[] {0}, 1, List.of()));

  private static DataContext parameters(Object... values) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      map.put("?" + i, values[i]);
    }
    return new MapDataContext(map);
  }

  private MemorySegment row(Integer k, Short s) {
    return MemorySegment.ofArray(codec.encodeValue(new Object[] {1L, k, s}));
  }

  @Test
  void parametersBindByTheirType() {
    // K >= ?0 (an INTEGER parameter) AND S <> 3.
    ColumnComparisons c = new ColumnComparisons(List.of(
        new ColumnComparisons.Term(1, ColumnComparisons.Op.GE, null, 0, 4),
        new ColumnComparisons.Term(2, ColumnComparisons.Op.NE, 3L, -1, 0)));
    ColumnComparisons.Bound b = c.bind(codec, parameters(10));
    assertNotNull(b);
    assertEquals(true, b.test(row(10, (short) 4)));
    assertEquals(false, b.test(row(9, (short) 4)), "K below the parameter");
    assertEquals(false, b.test(row(10, (short) 3)), "S equal to the literal");
    assertEquals(false, b.test(row(null, (short) 4)), "NULL K: UNKNOWN rejects");
    assertEquals(false, b.test(row(Integer.MAX_VALUE, null)), "NULL S: UNKNOWN rejects");
    byte[] inArray = new byte[40];
    byte[] value = codec.encodeValue(new Object[] {1L, 11, (short) 0});
    System.arraycopy(value, 0, inArray, 7, value.length);
    assertEquals(true, b.test(inArray, 7, value.length));
    assertNotNull(c.bind(codec, parameters(10L)), "a Long that fits an INTEGER");
    assertNotNull(c.bind(codec, parameters((short) 10)));
    // Values Calcite's code would narrow or convert, not compare as they are: the whole predicate runs instead.
    assertNull(c.bind(codec, parameters(1L << 40)), "a Long wider than the INTEGER parameter");
    assertNull(c.bind(codec, parameters(new java.math.BigDecimal("10"))));
    assertNull(c.bind(codec, parameters("10")));
    ColumnComparisons.Bound never = c.bind(codec, parameters((Object) null));
    assertNotNull(never);
    assertEquals(false, never.test(row(10, (short) 4)), "K >= NULL is never TRUE");
  }
}
