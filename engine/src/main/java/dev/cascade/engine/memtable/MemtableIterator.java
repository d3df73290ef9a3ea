package dev.cascade.engine.memtable;

import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import java.lang.foreign.MemorySegment;

/**
 * An {@link InternalIterator} over the point entries of one {@link Memtable}: a cursor on a skiplist node. Forward
 * moves follow level 0; {@link #prev()} searches from the head for the last node before the current one, O(log n),
 * so nodes need no back pointers. {@link #key()} and {@link #value()} are slices of the arena, no copies; they stay
 * readable until the iterator is closed (longer than the contract promises).
 *
 * <p>{@code seek(key, seq)} positions at the newest version of {@code key} with a sequence {@code <= seq}, or the
 * next key; {@code seekForPrev(key, seq)} at the oldest version of {@code key} with a sequence {@code >= seq}, or
 * the previous key. Both accept any {@code seq} (for example Long.MAX_VALUE for "newest").
 *
 * <p>Holds a reference to its memtable from creation until {@link #close()}.
 *
 * <p>Thread ownership: owned by the thread that created it (the memtable's shard, or a reader of an immutable
 * memtable).
 */
final class MemtableIterator implements InternalIterator {
  private final Memtable table;
  private final ChunkArena arena;
  /** The current node, or {@link Memtable#NONE} when not positioned. */
  private long node = Memtable.NONE;
  /** The key slice of node {@link #keyNode}, kept while the iterator stays there. */
  private long keyNode = Memtable.NONE;
  private MemorySegment keySlice;
  private boolean closed;

  MemtableIterator(Memtable table) {
    this.table = table;
    this.arena = table.arena();
  }

  @Override
  public boolean valid() {
    return node != Memtable.NONE;
  }

  @Override
  public void seekToFirst() {
    checkOpen();
    node = table.next(Memtable.HEAD, 0);
  }

  @Override
  public void seekToLast() {
    checkOpen();
    node = table.findLast(); // HEAD of an empty list is NONE: not positioned
  }

  @Override
  public void seek(MemorySegment key, long seq) {
    checkOpen();
    long before = table.findLastLess(key, 0, key.byteSize(), seq, Memtable.KIND_BEFORE_ALL, null);
    node = table.next(before, 0);
  }

  @Override
  public void seekForPrev(MemorySegment key, long seq) {
    checkOpen();
    node = table.findLastLess(key, 0, key.byteSize(), seq, Memtable.KIND_AFTER_ALL, null);
  }

  @Override
  public void next() {
    checkValid();
    node = table.next(node, 0);
  }

  @Override
  public void prev() {
    checkValid();
    node = table.findPrevious(node);
  }

  @Override
  public MemorySegment key() {
    checkValid();
    if (keyNode != node) {
      MemorySegment s = arena.segment(node);
      long off = ChunkArena.offset(node);
      keySlice = s.asSlice(Memtable.keyOffset(s, off), Memtable.keyBytes(s, off));
      keyNode = node;
    }
    return keySlice;
  }

  @Override
  public long sequence() {
    checkValid();
    return table.sequence(node);
  }

  @Override
  public EntryKind kind() {
    checkValid();
    return EntryKind.ofCode(table.kindCode(node));
  }

  @Override
  public MemorySegment value() {
    checkValid();
    MemorySegment s = arena.segment(node);
    long off = ChunkArena.offset(node);
    return s.asSlice(Memtable.valueOffset(s, off), Memtable.valueBytes(s, off));
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      node = Memtable.NONE;
      table.release();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("iterator closed");
    }
  }

  private void checkValid() {
    if (node == Memtable.NONE) {
      throw new IllegalStateException(closed ? "iterator closed" : "iterator not positioned");
    }
  }
}
