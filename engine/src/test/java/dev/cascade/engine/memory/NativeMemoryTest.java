package dev.cascade.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Native blocks: zeroed, aligned, writable to its last byte, and freed with its arena, whatever backs it. */
class NativeMemoryTest {
  @Test
  void slabsAreZeroedAlignedAndWholeAndGoWithTheirArena() {
    try (Arena arena = Arena.ofShared()) {
      for (long bytes : new long[] {NativeMemory.HUGE_PAGE_BYTES, 3 * NativeMemory.PAGE_BYTES,
          NativeMemory.HUGE_PAGE_BYTES + NativeMemory.PAGE_BYTES}) {
        MemorySegment slab = NativeMemory.allocate(arena, bytes);
        assertEquals(bytes, slab.byteSize());
        assertEquals(0, slab.address() % NativeMemory.PAGE_BYTES);
        for (long at = 0; at < bytes; at += 512) {
          assertEquals(0, slab.get(ValueLayout.JAVA_BYTE, at), "zeroed at " + at);
        }
        slab.set(ValueLayout.JAVA_LONG, 0, 42);
        slab.set(ValueLayout.JAVA_LONG, bytes - 8, 43);
        assertEquals(42, slab.get(ValueLayout.JAVA_LONG, 0));
        assertEquals(43, slab.get(ValueLayout.JAVA_LONG, bytes - 8));
      }
      assertThrows(IllegalArgumentException.class, () -> NativeMemory.allocate(arena, 100));
    }
  }
}
