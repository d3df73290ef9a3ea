package dev.cascade.engine.key;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copying keys and values out of memory segments. {@code MemorySegment.toArray(JAVA_BYTE)} does the same but
 * looks up the array class's name on every call (a reflective lookup that showed as 5% of a range scan's shard
 * time), so hot paths use this.
 *
 * <p>Stateless.
 */
public final class Segments {
  private Segments() {
  }

  /** A new array holding the bytes of {@code s}. */
  public static byte[] toBytes(MemorySegment s) {
    byte[] b = new byte[Math.toIntExact(s.byteSize())];
    MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 0, b, 0, b.length);
    return b;
  }

  /** Whether {@code s} holds exactly the bytes of {@code b}. */
  public static boolean equals(MemorySegment s, byte[] b) {
    return s.byteSize() == b.length && MemorySegment.mismatch(s, 0, b.length, MemorySegment.ofArray(b), 0,
        b.length) < 0;
  }
}
