package dev.cascade.engine.iterator;

import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Merges child iterators into one in internal order, both ways. With the few children a shard has (memtables,
 * the L0 files, one iterator per deeper level) a linear scan for the smallest (or largest) child beats a heap
 * and makes direction changes simple.
 *
 * <p>Changing direction repositions every other child next to the current entry, as LevelDB does: going
 * forward they sit after it, going backward before it. An exact duplicate entry (same key and sequence in two
 * children, which recovery can produce) is returned once per child; the layer above treats it as one version.
 *
 * <p>Owns its children: closing it closes them. Thread ownership: owned by one shard.
 */
public final class MergingIterator implements InternalIterator {
  private final InternalIterator[] children;
  private InternalIterator current;
  /** {@link #current}'s heap entry, taken when it became current (null when its entry is not on the heap). */
  private HeapEntry currentEntry;
  private boolean forward = true;

  public MergingIterator(List<? extends InternalIterator> children) {
    this.children = children.toArray(new InternalIterator[0]);
  }

  @Override
  public boolean valid() {
    return current != null;
  }

  @Override
  public void seekToFirst() {
    for (InternalIterator c : children) {
      c.seekToFirst();
    }
    forward = true;
    select(smallest());
  }

  @Override
  public void seekToLast() {
    for (InternalIterator c : children) {
      c.seekToLast();
    }
    forward = false;
    select(largest());
  }

  @Override
  public void seek(MemorySegment key, long seq) {
    for (InternalIterator c : children) {
      c.seek(key, seq);
    }
    forward = true;
    select(smallest());
  }

  @Override
  public void seekForPrev(MemorySegment key, long seq) {
    for (InternalIterator c : children) {
      c.seekForPrev(key, seq);
    }
    forward = false;
    select(largest());
  }

  @Override
  public void next() {
    if (!forward) {
      // Put every other child just after the current entry.
      MemorySegment k = current.key();
      long s = current.sequence();
      int kind = current.kind().code();
      for (InternalIterator c : children) {
        if (c == current) {
          continue;
        }
        c.seek(k, s);
        while (c.valid() && KeyOrder.compareInternal(c.key(), c.sequence(), c.kind().code(), k, s, kind) <= 0) {
          c.next();
        }
      }
      forward = true;
    }
    current.next();
    select(smallest());
  }

  @Override
  public void prev() {
    if (forward) {
      // Put every other child just before the current entry.
      MemorySegment k = current.key();
      long s = current.sequence();
      int kind = current.kind().code();
      for (InternalIterator c : children) {
        if (c == current) {
          continue;
        }
        c.seekForPrev(k, s);
        while (c.valid() && KeyOrder.compareInternal(c.key(), c.sequence(), c.kind().code(), k, s, kind) >= 0) {
          c.prev();
        }
      }
      forward = false;
    }
    current.prev();
    select(largest());
  }

  @Override
  public MemorySegment key() {
    return current.key();
  }

  @Override
  public long sequence() {
    return current.sequence();
  }

  @Override
  public EntryKind kind() {
    return current.kind();
  }

  @Override
  public MemorySegment value() {
    return current.value();
  }

  @Override
  public HeapEntry heapEntry() {
    return currentEntry;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (InternalIterator c : children) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    select(null);
    if (first != null) {
      throw first;
    }
  }

  private void select(InternalIterator c) {
    // Mostly the same child and the same entry object as before: skip the reference stores (GC write barriers).
    if (current != c) {
      current = c;
    }
    HeapEntry e = c == null ? null : c.heapEntry();
    if (currentEntry != e) {
      currentEntry = e;
    }
  }

  private InternalIterator smallest() {
    InternalIterator best = null;
    for (InternalIterator c : children) {
      if (c.valid() && (best == null || compare(c, best) < 0)) {
        best = c;
      }
    }
    return best;
  }

  private InternalIterator largest() {
    InternalIterator best = null;
    for (InternalIterator c : children) {
      if (c.valid() && (best == null || compare(c, best) > 0)) {
        best = c;
      }
    }
    return best;
  }

  private static int compare(InternalIterator a, InternalIterator b) {
    HeapEntry x = a.heapEntry();
    HeapEntry y = x == null ? null : b.heapEntry();
    if (y != null) {
      int ax = x.keyOffset();
      int bx = y.keyOffset();
      int c = Arrays.compareUnsigned(x.array(), ax, ax + x.keyLength(), y.array(), bx, bx + y.keyLength());
      return c != 0 ? c : KeyOrder.compareInternal(x.sequence(), x.kind().code(), y.sequence(), y.kind().code());
    }
    return KeyOrder.compareInternal(a.key(), a.sequence(), a.kind().code(), b.key(), b.sequence(), b.kind().code());
  }
}
