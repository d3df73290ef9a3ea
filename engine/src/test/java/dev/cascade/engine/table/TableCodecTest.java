package dev.cascade.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.key.EntryKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keys, row values and their golden bytes; round trips; errors; bounds and shards. */
class TableCodecTest {
  static final HexFormat HEX = HexFormat.of();

  static ColumnDef col(String name, ColumnType type, boolean nullable) {
    return new ColumnDef(name, type, -1, 0, nullable, null, false);
  }

  /** ORDERS(ID INTEGER, REGION VARCHAR, PRICE DECIMAL(10,2), PAID BOOLEAN, NOTE VARCHAR), key (REGION, ID). */
  static TableDef orders() {
    List<ColumnDef> cols = List.of(col("ID", ColumnType.INTEGER, false), col("REGION", ColumnType.VARCHAR, false),
        new ColumnDef("PRICE", ColumnType.DECIMAL, 10, 2, true, null, false), col("PAID", ColumnType.BOOLEAN, false),
        col("NOTE", ColumnType.VARCHAR, true));
    return new TableDef("ORDERS", 7, 1, cols, new int[] {1, 0}, 1, List.of(
        new IndexDef("ORDERS_NOTE", 1, new int[] {4}, false), new IndexDef("ORDERS_PRICE", 2, new int[] {2}, true)));
  }

  @Test
  void goldenKeysAndRow() {
    TableCodec codec = TableCodec.of(orders());
    Object[] row = {1, "eu", new BigDecimal("12.50"), true, null};
    // table 7, rows, REGION "eu" (01 65 75 00 01), ID 1 (01 80000001), hash of the REGION encoding
    assertEquals("00000007" + "00" + "0165750001" + "0180000001" + "928b1c4b", HEX.formatHex(codec.rowKey(row)));
    // schema 1, 3 non-key columns, bitmap (NOTE null), PRICE scale 2 unscaled 1250, PAID true
    assertEquals("01" + "03" + "04" + "04" + "02" + "04e2" + "01", HEX.formatHex(codec.encodeValue(row)));
    assertEquals("00000007" + "00" + "01" + "02", HEX.formatHex(decimalKey(new BigDecimal("-0.00"))));
    assertEquals("0103" + "80000002" + "0d" + "00", HEX.formatHex(keyColumn(ColumnType.DECIMAL, new BigDecimal("12.0"))));
    assertEquals("0101" + "80000001" + "e5" + "ff", HEX.formatHex(keyColumn(ColumnType.DECIMAL, new BigDecimal("-0.0025"))));
    assertEquals("01" + "00ff" + "41" + "0001", HEX.formatHex(keyColumn(ColumnType.VARCHAR, "\0A")));
    assertEquals("01" + "8000000000000000", HEX.formatHex(keyColumn(ColumnType.DOUBLE, -0.0)));
    assertEquals("01" + "fff8000000000000", HEX.formatHex(keyColumn(ColumnType.DOUBLE, Double.NaN)));
    assertEquals("00", HEX.formatHex(keyColumn(ColumnType.BIGINT, null)));
  }

  private static byte[] decimalKey(BigDecimal d) {
    ByteSink out = new ByteSink().u32(7).u8(0);
    KeyColumnEncoding.encode(out, ColumnType.DECIMAL, d);
    return out.toArray();
  }

  private static byte[] keyColumn(ColumnType type, Object v) {
    ByteSink out = new ByteSink();
    KeyColumnEncoding.encode(out, type, v);
    return out.toArray();
  }

  @Test
  void rowsRoundTripThroughBothDecoders() {
    TableCodec codec = TableCodec.of(orders());
    Random r = new Random(Long.getLong("seed", 42));
    for (int i = 0; i < 500; i++) {
      Object[] row = {r.nextInt(), KeyOrderTest.string(r), r.nextBoolean() ? null : KeyOrderTest.decimal(r),
          r.nextBoolean(), r.nextBoolean() ? null : KeyOrderTest.string(r)};
      byte[] key = codec.rowKey(row);
      byte[] value = codec.encodeValue(row);
      Object[] back = codec.decodeRow(key, value);
      assertEquals(row[0], back[0]);
      assertEquals(row[1], back[1]);
      assertEquals(row[2], back[2], "the value keeps a decimal's scale as given");
      assertEquals(row[3], back[3]);
      assertEquals(row[4], back[4]);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment k = arena.allocate(key.length);
        MemorySegment v = arena.allocate(value.length);
        k.copyFrom(MemorySegment.ofArray(key));
        v.copyFrom(MemorySegment.ofArray(value));
        assertArrayEquals(back, codec.decodeRow(k, v));
      }
      assertArrayEquals(new Object[] {row[1], row[0]}, codec.decodePrimaryKey(key));
    }
  }

  @Test
  void allTypesRoundTripAsValuesAndKeys() {
    ColumnType[] types = ColumnType.values();
    Object[] samples = {true, (byte) -7, (short) -300, -70000, Long.MIN_VALUE, new BigDecimal("-12.340"), -1.5f,
        Double.NaN, "ch", "vc\0", new byte[] {0, -1}, 19000, 86_399_999, 1_700_000_000_000L};
    assertEquals(types.length, samples.length);
    for (int i = 0; i < types.length; i++) {
      ColumnDef[] both = {col("K", types[i], false), col("V", types[i], true)};
      TableDef t = new TableDef("T" + i, 3, 1, List.of(both), new int[] {0}, 1, List.of());
      TableCodec codec = TableCodec.of(t);
      Object[] row = {samples[i], samples[i]};
      Object[] back = codec.decodeRow(codec.rowKey(row), codec.encodeValue(row));
      if (samples[i] instanceof BigDecimal d) {
        assertEquals(0, d.compareTo((BigDecimal) back[0]));
        assertEquals(d, back[1]);
      } else {
        assertTrue(Arrays.deepEquals(new Object[] {samples[i], samples[i]}, back), types[i] + ": "
            + Arrays.deepToString(back));
      }
      Object[] nulls = {samples[i], null};
      assertNull(codec.decodeRow(codec.rowKey(nulls), codec.encodeValue(nulls))[1]);
    }
  }

  @Test
  void aMaskDecodesItsColumnsAndSkipsEveryTypeItDoesNotWant() {
    ColumnType[] types = ColumnType.values();
    Object[] samples = {true, (byte) -7, (short) -300, -70000, Long.MIN_VALUE, new BigDecimal("-12.340"), -1.5f,
        Double.NaN, "ch", "vc\0", new byte[] {0, -1}, 19000, 86_399_999, 1_700_000_000_000L};
    List<ColumnDef> columns = new java.util.ArrayList<>();
    columns.add(col("K1", ColumnType.VARCHAR, false));
    for (int i = 0; i < types.length; i++) {
      columns.add(col("V" + i, types[i], true));
    }
    columns.add(col("K2", ColumnType.BIGINT, false));
    TableDef t = new TableDef("MASKED", 3, 1, columns, new int[] {0, columns.size() - 1}, 1, List.of());
    TableCodec codec = TableCodec.of(t);
    long seed = Long.getLong("seed", 7);
    Random r = new Random(seed);
    for (int round = 0; round < 300; round++) {
      Object[] row = new Object[columns.size()];
      row[0] = KeyOrderTest.string(r);
      row[columns.size() - 1] = r.nextLong();
      for (int i = 0; i < types.length; i++) {
        row[i + 1] = r.nextInt(4) == 0 ? null : samples[i];
      }
      byte[] key = codec.rowKey(row);
      byte[] value = codec.encodeValue(row);
      Object[] full = codec.decodeRow(key, value);
      int[] wanted = java.util.stream.IntStream.range(0, columns.size()).filter(c -> r.nextInt(3) == 0).toArray();
      RowMask mask = RowMask.of(t, wanted);
      Object[] expected = new Object[columns.size()];
      for (int c : wanted) {
        expected[c] = full[c];
      }
      String where = "seed " + seed + ", round " + round + ", columns " + Arrays.toString(wanted);
      assertTrue(Arrays.deepEquals(expected, codec.decodeRow(key, value, mask)), where);
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment k = arena.allocate(key.length);
        MemorySegment v = arena.allocate(value.length);
        k.copyFrom(MemorySegment.ofArray(key));
        v.copyFrom(MemorySegment.ofArray(value));
        assertTrue(Arrays.deepEquals(expected, codec.decodeRow(k, v, mask)), where);
      }
    }
  }

  @Test
  void keyDecimalsComeBackAtTheColumnScale() {
    TableDef t = new TableDef("D", 3, 1, List.of(new ColumnDef("K", ColumnType.DECIMAL, 10, 2, false, null,
        false)), new int[] {0}, 1, List.of());
    TableCodec codec = TableCodec.of(t);
    Object[] back = codec.decodeRow(codec.rowKey(new Object[] {new BigDecimal("1.5")}), codec.encodeValue(
        new Object[] {new BigDecimal("1.5")}));
    assertEquals(new BigDecimal("1.50"), back[0]);
    assertArrayEquals(codec.rowKey(new Object[] {new BigDecimal("1.500")}), codec.rowKey(new Object[] {
        new BigDecimal("1.5")}));
  }

  @Test
  void badValuesFailNamingTheColumn() {
    TableCodec codec = TableCodec.of(orders());
    CatalogException e = assertThrows(CatalogException.class, () -> codec.rowKey(new Object[] {1, null, null, true,
        null}));
    assertEquals(CatalogException.Reason.NOT_NULL, e.reason());
    assertTrue(e.getMessage().contains("REGION"), e.getMessage());
    e = assertThrows(CatalogException.class, () -> codec.encodeValue(new Object[] {1, "x", null, null, null}));
    assertEquals(CatalogException.Reason.NOT_NULL, e.reason());
    assertTrue(e.getMessage().contains("PAID"), e.getMessage());
    e = assertThrows(CatalogException.class, () -> codec.encodeValue(new Object[] {1, "x", "1.0", true, null}));
    assertEquals(CatalogException.Reason.INVALID, e.reason());
    assertTrue(e.getMessage().contains("PRICE"), e.getMessage());
    e = assertThrows(CatalogException.class, () -> codec.rowKey(new Object[] {1L << 40, "x", null, true, null}));
    assertEquals(CatalogException.Reason.INVALID, e.reason());
    e = assertThrows(CatalogException.class, () -> codec.rowKey(new Object[] {1, "x".repeat(3000), null, true,
        null}));
    assertEquals(CatalogException.Reason.INVALID, e.reason());
    assertTrue(e.getMessage().contains("KEY_BYTES_MAX"), e.getMessage());
    // exact conversions are accepted
    assertArrayEquals(codec.rowKey(new Object[] {5, "x", null, true, null}),
        codec.rowKey(new Object[] {5L, "x", null, true, null}));
  }

  @Test
  void prefixesBoundTheirRows() {
    TableCodec codec = TableCodec.of(orders());
    byte[] eu = codec.rowKeyPrefix("eu");
    byte[] euEnd = TableCodec.successor(eu);
    for (String region : List.of("", "e", "eu", "eu\0", "eua", "ev", "f")) {
      byte[] key = codec.rowKey(new Object[] {3, region, null, true, null});
      boolean inside = Arrays.compareUnsigned(key, eu) >= 0 && Arrays.compareUnsigned(key, euEnd) < 0;
      assertEquals(region.equals("eu"), inside, region);
      assertTrue(Arrays.compareUnsigned(key, codec.rowsLowerBound()) >= 0);
      assertTrue(Arrays.compareUnsigned(key, codec.rowsUpperBound()) < 0);
    }
    assertArrayEquals(codec.rowsLowerBound(), codec.rowKeyPrefix());
    assertArrayEquals(new byte[] {1, 3}, TableCodec.successor(new byte[] {1, 2, (byte) 0xFF}));
    assertNull(TableCodec.successor(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    assertArrayEquals(HEX.parseHex("0000000703"), codec.indexUpperBound(orders().indexes().get(1)));
  }

  @Test
  void shardOfMatchesThePartitionerAndIgnoresNonPartitionColumns() {
    TableCodec codec = TableCodec.of(orders());
    for (int shards : new int[] {1, 2, 3, 7, 64}) {
      for (String region : List.of("", "eu", "us", "ap", "\0")) {
        int expected = codec.shardOf(new Object[] {region}, shards);
        for (int id = 0; id < 5; id++) {
          Object[] row = {id, region, null, false, "n" + id};
          assertEquals(expected, TableKeyPartitioner.INSTANCE.shardOf(codec.rowKey(row), shards));
          assertEquals(expected, TableKeyPartitioner.INSTANCE.shardOf(codec.indexEntryKey(orders().indexes()
              .get(0), row), shards), "local index entries live with their row");
        }
      }
    }
    assertEquals(0, TableKeyPartitioner.INSTANCE.shardOf(CatalogKeys.table("ORDERS"), 5));
    assertEquals(0, TableKeyPartitioner.INSTANCE.shardOf(new byte[] {1, 2, 3}, 5));
  }

  @Test
  void rowsWrittenBeforeAddColumnReadTheDefault() {
    TableDef v1 = orders();
    TableDef v2 = TableDefs.withColumn(v1, new ColumnDef("QTY", ColumnType.INTEGER, -1, 0, false, 1, false));
    TableDef v3 = TableDefs.withColumn(v2, col("MEMO", ColumnType.VARCHAR, true));
    Object[] old = {1, "eu", null, true, "n"};
    TableCodec c1 = TableCodec.of(v1);
    Object[] back = TableCodec.of(v3).decodeRow(c1.rowKey(old), c1.encodeValue(old));
    assertArrayEquals(new Object[] {1, "eu", null, true, "n", 1, null}, back);
    assertEquals(3, v3.schemaVersion());
  }

  @Test
  void stageInsertWritesTheRowAndItsIndexEntries() {
    TableCodec codec = TableCodec.of(orders());
    Object[] row = {1, "eu", new BigDecimal("2.5"), true, "hello"};
    WriteBatch batch = new WriteBatch();
    codec.stageInsert(batch, row);
    assertEquals(3, batch.count());
    IndexDef note = orders().indexes().get(0);
    IndexDef price = orders().indexes().get(1);
    assertArrayEquals(codec.indexEntryKey(note, row), batch.key(1));
    assertEquals(0, batch.value(1).length);
    assertArrayEquals(codec.uniqueIndexKey(price, row), batch.key(2));
    assertArrayEquals(new Object[] {"eu", 1}, codec.primaryKeyOfIndexEntry(price, batch.key(2), batch.value(2)));
    assertArrayEquals(new Object[] {"eu", 1}, codec.primaryKeyOfIndexEntry(note, batch.key(1), batch.value(1)));
    byte[] prefix = codec.indexKeyPrefix(note, "hello");
    assertTrue(Arrays.compareUnsigned(batch.key(1), prefix) >= 0
        && Arrays.compareUnsigned(batch.key(1), TableCodec.successor(prefix)) < 0);
    Object[] nullPrice = {2, "us", null, false, null};
    assertNull(codec.uniqueIndexKey(price, nullPrice));
    byte[] local = codec.indexEntryKey(price, nullPrice);
    assertArrayEquals(new Object[] {"us", 2}, codec.primaryKeyOfIndexEntry(price, local,
        codec.indexEntryValue(price, nullPrice)));
    WriteBatch deletes = new WriteBatch();
    codec.stageDelete(deletes, row);
    assertEquals(3, deletes.count());
    for (int i = 0; i < 3; i++) {
      assertEquals(EntryKind.DELETE, deletes.kind(i));
      assertArrayEquals(batch.key(i), deletes.key(i));
    }
  }
}
