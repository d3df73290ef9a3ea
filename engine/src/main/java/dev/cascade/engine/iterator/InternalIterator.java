package dev.cascade.engine.iterator;

import dev.cascade.engine.key.EntryKind;
import java.lang.foreign.MemorySegment;

/**
 * A cursor over point entries {@code (user key, sequence, kind, value)} in internal order (see
 * {@link dev.cascade.engine.key.KeyOrder}): every version of every key, tombstones included. Memtables, SSTs
 * and the merging iterator implement it; the store's user-facing iterator sits on top and applies the snapshot,
 * bounds, range tombstones and filter.
 *
 * <p>Contract:
 * <ul>
 *   <li>A new iterator is not positioned ({@link #valid()} is false) until a seek.
 *   <li>{@link #seek(MemorySegment, long)} positions at the first entry at or after {@code (key, seq)} in internal
 *       order: the newest version of {@code key} with sequence {@code <= seq}, or a later key.
 *       {@link #seekForPrev(MemorySegment, long)} positions at the last entry at or before it.
 *   <li>{@link #next()} and {@link #prev()} require {@link #valid()}; they may be mixed freely.
 *   <li>{@link #key()} and {@link #value()} are views valid until the next move or {@link #close()}; copy what
 *       you keep. {@link #value()} of a DELETE is empty.
 *   <li>{@link #heapEntry()}: when the current entry lies in a heap array (an SST block decoded into the
 *       iterator's buffer), where it lies there, with its sequence and kind, valid as long as {@link #key()} would
 *       be. Scans compare, filter and copy entries through it: a segment
 *       slice per key and value costs an allocation and checks on every access.
 *   <li>An I/O failure or corruption throws ({@link dev.cascade.engine.StorageIoException},
 *       {@link dev.cascade.engine.CorruptionException}); after that only {@link #close()} is allowed.
 *   <li>The creator closes it; close releases pinned pages and references. Closing twice is a no-op.
 * </ul>
 *
 * <p>Thread ownership: owned by the shard that created it (or the thread that borrows that shard).
 */
public interface InternalIterator extends AutoCloseable {
  boolean valid();

  void seekToFirst();

  void seekToLast();

  void seek(MemorySegment key, long seq);

  void seekForPrev(MemorySegment key, long seq);

  void next();

  void prev();

  MemorySegment key();

  long sequence();

  EntryKind kind();

  MemorySegment value();

  /**
   * The current entry when it lies in a heap array, or null when it does not (or the iterator is not valid): a
   * flyweight owned by the iterator, valid until it moves.
   */
  default HeapEntry heapEntry() {
    return null;
  }

  @Override
  void close();
}
