package dev.cascade.engine.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Options: defaults, validation with messages that name the bound, a readable toString; positions. */
class WalOptionsTest {
  @Test
  void defaults() {
    WalOptions o = WalOptions.defaults();
    assertEquals(16L << 20, o.segmentBytes());
    assertEquals(4, o.segmentCount());
    assertEquals(64, o.segmentCountMax());
    assertTrue(o.directIo());
    assertTrue(o.zeroFill());
    assertEquals("WalOptions[segments 4 x 16777216 bytes, growing to 64, O_DIRECT, zero-filled]", o.toString());
    assertEquals("WalOptions[segments 4 x 16777216 bytes, growing to 64, buffered, sparse]",
        o.withDirectIo(false).withZeroFill(false).toString());
  }

  @Test
  void rejectsBadValues() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new WalOptions(4096, 4, 64, true)).getMessage()
        .contains("segmentBytes"));
    assertThrows(IllegalArgumentException.class, () -> new WalOptions(3 * 4096 + 1, 4, 64, true));
    assertThrows(IllegalArgumentException.class, () -> new WalOptions(2L << 30, 4, 64, true));
    assertThrows(IllegalArgumentException.class, () -> new WalOptions(1 << 20, 1, 64, true));
    assertThrows(IllegalArgumentException.class, () -> new WalOptions(1 << 20, 8, 4, true));
    assertThrows(IllegalArgumentException.class, () -> new WalOptions(1 << 20, 8, 2000, true));
    assertEquals(8192, WalOptions.defaults().withSegmentBytes(8192).segmentBytes());
  }

  @Test
  void positionsOrderByGenerationThenOffset() {
    long a = WalPosition.of(3, 4096);
    long b = WalPosition.of(3, 8000);
    long c = WalPosition.of(4, 4096);
    assertTrue(WalPosition.NONE < a && a < b && b < c);
    assertEquals(3, WalPosition.generation(b));
    assertEquals(8000, WalPosition.offset(b));
    assertEquals("g4@4096", WalPosition.toString(c));
    assertTrue(WalPosition.of(WalPosition.GENERATION_MAX, 0xffffffffL) > 0);
    assertThrows(IllegalArgumentException.class, () -> WalPosition.of(1, 1L << 32));
  }
}
