package dev.cascade.engine.key;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The range tombstones visible at one snapshot, cut into disjoint fragments {@code [start, end)} that each carry
 * the largest sequence of the tombstones covering them, so that "which tombstone hides this entry" is one
 * binary search: an entry {@code (key, seq)} is deleted when {@link #coveringSeq} of its key exceeds
 * {@code seq}.
 *
 * <p>Immutable.
 */
public final class TombstoneIndex {
  /** The index of no tombstones. */
  public static final TombstoneIndex EMPTY = new TombstoneIndex(new byte[0][], new long[0]);

  /** Fragment boundaries, ascending; fragment i is {@code [bounds[i], bounds[i + 1])}. */
  private final byte[][] bounds;
  /** Largest covering sequence of fragment i (0: none). */
  private final long[] seqs;

  private TombstoneIndex(byte[][] bounds, long[] seqs) {
    this.bounds = bounds;
    this.seqs = seqs;
  }

  /** Builds the index of the tombstones in {@code sources} with a sequence at or below {@code snapshot}. */
  @SafeVarargs
  public static TombstoneIndex of(long snapshot, Collection<RangeTombstone>... sources) {
    List<RangeTombstone> visible = new ArrayList<>();
    for (Collection<RangeTombstone> s : sources) {
      for (RangeTombstone t : s) {
        if (t.seq() <= snapshot) {
          visible.add(t);
        }
      }
    }
    if (visible.isEmpty()) {
      return EMPTY;
    }
    List<byte[]> points = new ArrayList<>(visible.size() * 2);
    for (RangeTombstone t : visible) {
      points.add(t.start());
      points.add(t.end());
    }
    points.sort(Arrays::compareUnsigned);
    List<byte[]> unique = new ArrayList<>(points.size());
    for (byte[] p : points) {
      if (unique.isEmpty() || Arrays.compareUnsigned(unique.getLast(), p) != 0) {
        unique.add(p);
      }
    }
    byte[][] b = unique.toArray(new byte[0][]);
    long[] s = new long[b.length];
    for (RangeTombstone t : visible) {
      int from = Arrays.binarySearch(b, t.start(), Arrays::compareUnsigned);
      int to = Arrays.binarySearch(b, t.end(), Arrays::compareUnsigned);
      for (int i = from; i < to; i++) {
        s[i] = Math.max(s[i], t.seq());
      }
    }
    return new TombstoneIndex(b, s);
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** The largest sequence of a visible tombstone covering {@code key}, or 0. */
  public long coveringSeq(MemorySegment key) {
    if (bounds.length == 0) {
      return 0;
    }
    int lo = 0;
    int hi = bounds.length - 1;
    // Find the last boundary <= key.
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (KeyOrder.compare(MemorySegment.ofArray(bounds[mid]), key) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : seqs[found];
  }

  public long coveringSeq(byte[] key) {
    return coveringSeq(MemorySegment.ofArray(key));
  }

  /** True when the entry {@code (key, seq)} is hidden by a tombstone. */
  public boolean deletes(MemorySegment key, long seq) {
    return coveringSeq(key) > seq;
  }
}
