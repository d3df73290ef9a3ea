package dev.cascade.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlignedBufferPoolTest {
  private static final int PAGE = IoEngine.ALIGNMENT_BYTES;

  @Test
  void buffersAreAlignedDistinctAndBounded() {
    try (AlignedBufferPool pool = new AlignedBufferPool(2 * PAGE, 8)) {
      List<MemorySegment> out = new ArrayList<>();
      Set<Long> addresses = new HashSet<>();
      for (int i = 0; i < 8; i++) {
        MemorySegment b = pool.acquire();
        assertNotNull(b);
        assertEquals(0, b.address() % PAGE);
        assertEquals(2 * PAGE, b.byteSize());
        assertTrue(addresses.add(b.address()));
        out.add(b);
      }
      assertNull(pool.acquire(), "the pool never grows");
      assertEquals(0, pool.available());
      MemorySegment third = out.remove(3);
      pool.release(third);
      MemorySegment again = pool.acquire();
      assertEquals(third.address(), again.address(), "a released buffer is reused");
      out.add(again);
      out.forEach(pool::release);
      assertEquals(8, pool.available());
      pool.release(pool.acquire());
    }
  }

  @Test
  void doubleReleaseIsCaught() {
    AlignedBufferPool pool = new AlignedBufferPool(PAGE, 2);
    MemorySegment b = pool.acquire();
    pool.release(b);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.release(b));
    assertTrue(e.getMessage().contains("released twice"), e.getMessage());
    pool.close();
  }

  @Test
  void foreignSegmentsAndSlicesAreRejected() {
    try (AlignedBufferPool pool = new AlignedBufferPool(PAGE, 2);
        Arena arena = Arena.ofConfined()) {
      MemorySegment b = pool.acquire();
      assertThrows(IllegalArgumentException.class, () -> pool.release(arena.allocate(PAGE, PAGE)));
      assertThrows(IllegalArgumentException.class, () -> pool.release(MemorySegment.ofArray(new byte[PAGE])));
      assertThrows(IllegalArgumentException.class, () -> pool.release(b.asSlice(0, PAGE / 2)));
      pool.release(b);
    }
  }

  @Test
  void closeRequiresEveryBufferBackAndFreesTheMemory() {
    AlignedBufferPool pool = new AlignedBufferPool(PAGE, 2);
    MemorySegment b = pool.acquire();
    assertThrows(IllegalStateException.class, pool::close);
    pool.release(b);
    pool.close();
    assertThrows(IllegalStateException.class, () -> b.get(ValueLayout.JAVA_BYTE, 0));
    assertThrows(IllegalStateException.class, pool::acquire);
  }

  @Test
  void badSizesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new AlignedBufferPool(100, 1));
    assertThrows(IllegalArgumentException.class, () -> new AlignedBufferPool(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new AlignedBufferPool(PAGE, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new AlignedBufferPool(PAGE, AlignedBufferPool.BUFFER_COUNT_MAX + 1));
  }
}
