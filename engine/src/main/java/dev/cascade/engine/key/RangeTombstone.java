package dev.cascade.engine.key;

import java.util.Arrays;

/**
 * A range deletion: every point entry with a key in {@code [start, end)} and a sequence below {@code seq} is
 * deleted. {@code start < end} as unsigned bytes.
 *
 * <p>Immutable (the arrays are never modified once built).
 */
public record RangeTombstone(byte[] start, byte[] end, long seq) {
  public RangeTombstone {
    if (KeyOrder.compare(start, end) >= 0) {
      throw new IllegalArgumentException("range tombstone start must sort before its end");
    }
  }

  /** True when this tombstone deletes the entry {@code (key, entrySeq)}. */
  public boolean covers(byte[] key, long entrySeq) {
    return entrySeq < seq && KeyOrder.compare(start, key) <= 0 && KeyOrder.compare(key, end) < 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeTombstone t && seq == t.seq && Arrays.equals(start, t.start) && Arrays.equals(end, t.end);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(start) + Arrays.hashCode(end)) + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "RangeTombstone[" + java.util.HexFormat.of().formatHex(start) + ", " + java.util.HexFormat.of().formatHex(end) + ") @" + seq;
  }
}
