package dev.cascade.engine.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.CascadeException;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden bytes of a catalog entry and of index entries, so the on-disk format cannot drift silently. */
class TableFormatGoldenTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void catalogEntry() {
    TableDef t = new TableDef("T", 9, 2, List.of(
        new ColumnDef("ID", ColumnType.BIGINT, -1, 0, false, null, false),
        new ColumnDef("P", ColumnType.DECIMAL, 10, 2, true, new BigDecimal("1.50"), false)),
        new int[] {0}, 1, List.of(new IndexDef("T_P", 3, new int[] {1}, true)));
    byte[] bytes = TableDefFormat.encode(t);
    assertEquals("01" + "0154" + "00000009" + "02" + "02"
        + "024944" + "04" + "01" + "00" + "00"
        + "0150" + "05" + "14" + "04" + "05" + "04" + "02" + "0096"
        + "0100" + "01" + "01"
        + "03545f50" + "03" + "0101" + "01", HEX.formatHex(bytes));
    TableDef back = TableDefFormat.decode(bytes);
    assertEquals(t.name(), back.name());
    assertEquals(t.columns(), back.columns());
    assertArrayEquals(t.primaryKey(), back.primaryKey());
    assertEquals(t.indexes().get(0).name(), back.indexes().get(0).name());
    assertArrayEquals(t.indexes().get(0).columns(), back.indexes().get(0).columns());
    bytes[0] = 2;
    byte[] future = bytes;
    CascadeException e = assertThrows(CascadeException.class, () -> TableDefFormat.decode(future));
    assertEquals("catalog entry has format version 2; this build reads version 1", e.getMessage());
  }

  @Test
  void catalogKeys() {
    assertEquals("00000000" + "00" + "01" + "54", HEX.formatHex(CatalogKeys.table("T")));
    assertEquals("00000000" + "00" + "02", HEX.formatHex(CatalogKeys.nextTableId()));
    assertEquals("00000000" + "00" + "03" + "00000009", HEX.formatHex(CatalogKeys.stats(9)));
    assertEquals("00000000" + "00" + "04" + "00000009", HEX.formatHex(CatalogKeys.rowIds(9)));
  }

  @Test
  void indexEntries() {
    TableDef orders = TableCodecTest.orders();
    TableCodec codec = TableCodec.of(orders);
    IndexDef note = orders.indexes().get(0);
    IndexDef price = orders.indexes().get(1);
    Object[] row = {1, "eu", new BigDecimal("12.50"), true, "n"};
    String pk = "0165750001" + "0180000001";
    String rowTrailer = "928b1c4b";
    assertEquals("00000007" + "01" + "016e0001" + pk + rowTrailer, HEX.formatHex(codec.indexEntryKey(note, row)));
    String unique = HEX.formatHex(codec.uniqueIndexKey(price, row));
    assertEquals("00000007" + "02" + "0103800000020d3300", unique.substring(0, 28));
    assertEquals(36, unique.length(), "one trailer after the indexed value");
    assertEquals(pk, HEX.formatHex(codec.indexEntryValue(price, row)));
    Object[] nullPrice = {1, "eu", null, true, "n"};
    assertEquals("00000007" + "02" + "00" + pk + rowTrailer, HEX.formatHex(codec.indexEntryKey(price, nullPrice)));
    assertEquals("", HEX.formatHex(codec.indexEntryValue(price, nullPrice)));
  }
}
