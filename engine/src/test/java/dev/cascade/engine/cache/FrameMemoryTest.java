package dev.cascade.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** Slab memory: zeroed, aligned, writable to its last byte, and freed with its arena, whatever backs it. */
class FrameMemoryTest {
  @Test
  void slabsAreZeroedAlignedAndWholeAndGoWithTheirArena() {
    try (Arena arena = Arena.ofShared()) {
      for (long bytes : new long[] {FrameMemory.HUGE_PAGE_BYTES, 3 * PageCache.PAGE_BYTES,
          FrameMemory.HUGE_PAGE_BYTES + PageCache.PAGE_BYTES}) {
        MemorySegment slab = FrameMemory.allocate(arena, bytes);
        assertEquals(bytes, slab.byteSize());
        assertEquals(0, slab.address() % PageCache.PAGE_BYTES);
        for (long at = 0; at < bytes; at += 512) {
          assertEquals(0, slab.get(ValueLayout.JAVA_BYTE, at), "zeroed at " + at);
        }
        slab.set(ValueLayout.JAVA_LONG, 0, 42);
        slab.set(ValueLayout.JAVA_LONG, bytes - 8, 43);
        assertEquals(42, slab.get(ValueLayout.JAVA_LONG, 0));
        assertEquals(43, slab.get(ValueLayout.JAVA_LONG, bytes - 8));
      }
    }
  }
}
