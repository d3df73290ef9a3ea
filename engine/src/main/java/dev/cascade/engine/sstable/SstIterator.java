package dev.cascade.engine.sstable;

import dev.cascade.engine.cache.PageCache;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.iterator.HeapEntry;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An {@link InternalIterator} over one SST file: top index (on the reader's heap) → index page → data block →
 * entry. A one-page block is decompressed (or, stored uncompressed, copied) out of its cache frame into the
 * iterator's own heap buffer, and the frame unpinned at once: entries on the heap decode from a plain array, much
 * faster than through a segment's checked accessors (ZSTD, whose binding takes direct buffers, decompresses into an
 * off-heap buffer instead). A run is read outside the cache into a buffer freed when the iterator leaves it. Pages
 * are pinned with {@link PageCache#pin}, blocking in the queue.
 *
 * <p>Thread ownership: owned by the shard that created it (or the thread borrowing that shard).
 */
final class SstIterator implements InternalIterator {
  private final SstReader reader;
  private final IoQueue queue;
  private final PageCache cache;
  private final EntryBlock top = new EntryBlock();
  private final EntryBlock index = new EntryBlock();
  private final EntryBlock data = new EntryBlock();
  /**
   * Off-heap memory for ZSTD blocks only, made on first use: an iterator is opened per scan, and a shared arena
   * costs an allocation to make and a handshake with every thread to close.
   */
  private Arena arena;
  private MemorySegment offHeapScratch;
  /** The decompressed block, grown to the largest block met. */
  private MemorySegment heapScratch = MemorySegment.ofArray(new byte[SstReader.HEAP_SCRATCH_BYTES_MIN]);
  private final BlockCodec codec = new BlockCodec(SstOptions.ZSTD_LEVEL_DEFAULT);

  private int partition = -1;
  /** The partition whose index page {@link #indexHeap} holds (and {@link #index} reads), or -1. */
  private int indexPartition = -1;
  private final MemorySegment indexHeap = MemorySegment.ofArray(new byte[SstFormat.PAGE_BYTES]);
  private int block;
  private int blockCount;
  private int entry;
  private EntryKind kind;
  /** The current entry's place in {@link #data}'s heap array, when the block is on the heap. */
  private final HeapEntry heapEntry = new HeapEntry();
  /** {@link #heapEntry} when the current block is on the heap, else null. */
  private HeapEntry heapCurrent;
  private Arena runArena;
  private boolean valid;
  private boolean failed;
  private boolean closed;

  SstIterator(SstReader reader, IoQueue queue) {
    this.reader = reader;
    this.queue = queue;
    this.cache = reader.cache();
    top.reset(reader.topIndex(), reader.path(), reader.topIndexOffset(), BlockKind.TOP_INDEX);
  }

  @Override
  public boolean valid() {
    return valid;
  }

  @Override
  public void seekToFirst() {
    guard(() -> {
      loadBlock(0, 0);
      position(0);
    });
  }

  @Override
  public void seekToLast() {
    guard(() -> {
      loadBlock(reader.partitionCount() - 1, -1);
      position(data.count() - 1);
    });
  }

  @Override
  public void seek(MemorySegment key, long seq) {
    guard(() -> seekTo(key, SstReader.targetTrailer(seq, 0xff), false));
  }

  @Override
  public void seekForPrev(MemorySegment key, long seq) {
    guard(() -> {
      // The last entry at or before (key, seq) is the one before the first entry after it.
      if (seekTo(key, SstReader.targetTrailer(seq, 0), true)) {
        stepBack();
      } else {
        loadBlock(reader.partitionCount() - 1, -1);
        position(data.count() - 1);
      }
    });
  }

  /** Positions at the first entry after (strict) or at the target; false (and invalid) when there is none. */
  private boolean seekTo(MemorySegment key, long trailer, boolean strict) {
    int p = top.search(key, trailer, strict);
    if (p == top.count()) {
      release();
      valid = false;
      return false;
    }
    EntryBlock idx = index(p);
    int b = idx.search(key, trailer, strict);
    if (b == idx.count()) {
      throw idx.corrupt("its last key sorts before the top index's separator for it");
    }
    loadBlock(p, b);
    int e = data.search(key, trailer, strict);
    if (e == data.count()) {
      throw data.corrupt("its last key sorts before the index's separator for it");
    }
    position(e);
    return true;
  }

  @Override
  public void next() {
    checkValid();
    if (entry + 1 < data.count()) {
      // The common step within a block, without the guard's lambda (an allocation per entry).
      try {
        data.decodeNext(entry + 1);
        positioned(entry + 1);
      } catch (RuntimeException e) {
        fail();
        throw e;
      }
      return;
    }
    guard(() -> {
      if (entry + 1 < data.count()) {
        position(entry + 1);
      } else if (block + 1 < blockCount) {
        loadBlock(partition, block + 1);
        position(0);
      } else if (partition + 1 < reader.partitionCount()) {
        loadBlock(partition + 1, 0);
        position(0);
      } else {
        release();
        valid = false;
      }
    });
  }

  @Override
  public void prev() {
    checkValid();
    guard(this::stepBack);
  }

  private void stepBack() {
    if (entry > 0) {
      position(entry - 1);
    } else if (block > 0) {
      loadBlock(partition, block - 1);
      position(data.count() - 1);
    } else if (partition > 0) {
      loadBlock(partition - 1, -1);
      position(data.count() - 1);
    } else {
      release();
      valid = false;
    }
  }

  private void position(int i) {
    data.decode(i);
    positioned(i);
  }

  /** Takes the entry {@link #data} was just positioned on, entry {@code i}. */
  private void positioned(int i) {
    kind = SstReader.kindOf(data);
    entry = i;
    valid = true;
    byte[] array = data.heapArray();
    if (array != null) {
      heapEntry.set(array, data.heapOffset(data.keyAt), data.keyLength, data.heapOffset(data.valueAt),
          data.valueLength, data.trailer >>> 8, kind);
      heapCurrent = heapEntry;
    } else {
      heapCurrent = null;
    }
  }

  /** Loads block {@code b} (-1: the last) of partition {@code p} into {@link #data}. */
  private void loadBlock(int p, int b) {
    EntryBlock idx = index(p);
    int bb = b < 0 ? idx.count() - 1 : b;
    if (bb >= idx.count()) {
      throw idx.corrupt("block " + bb + " of " + idx.count());
    }
    idx.decode(bb);
    long page = reader.blockPage(idx);
    int pages = reader.blockPages(idx, page);
    blockCount = idx.count();
    b = bb;
    release();
    if (pages == 1) {
      int dh = cache.pin(queue, reader, page);
      try {
        MemorySegment frame = cache.frame(dh);
        heapScratch = SstReader.heapBuffer(heapScratch, frame);
        reader.detachedBlock(frame, page, heapScratch, this::offHeapScratch, codec, data);
      } finally {
        cache.unpin(dh);
      }
    } else {
      runArena = Arena.ofShared();
      MemorySegment buf = SstReader.readPages(queue, reader.ioFile(), page, pages, runArena, BlockKind.DATA);
      data.reset(reader.runPayload(buf, page, runArena, codec), reader.path(), page * SstFormat.PAGE_BYTES, BlockKind.DATA);
    }
    partition = p;
    block = b;
  }

  /**
   * The index block of partition {@code p}, from a heap copy of its page kept while the iterator stays in the
   * partition: stepping from block to block then pins only the data page, and the index is read from an array.
   */
  private EntryBlock index(int p) {
    if (p != indexPartition) {
      indexPartition = -1;
      long page = reader.indexPage(p);
      int h = cache.pin(queue, reader, page);
      try {
        reader.indexBlock(cache.frame(h), page, indexHeap, index);
      } finally {
        cache.unpin(h);
      }
      indexPartition = p;
    }
    return index;
  }

  private MemorySegment offHeapScratch() {
    if (offHeapScratch == null) {
      arena = Arena.ofShared();
      offHeapScratch = arena.allocate(SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX, SstFormat.PAGE_BYTES);
    }
    return offHeapScratch;
  }

  /** Frees the run the iterator is on, if any. */
  private void release() {
    if (runArena != null) {
      runArena.close();
      runArena = null;
    }
  }

  private void guard(Runnable move) {
    if (closed || failed) {
      throw new IllegalStateException(closed ? "iterator is closed" : "iterator failed; only close() is allowed");
    }
    try {
      move.run();
    } catch (RuntimeException e) {
      fail();
      throw e;
    }
  }

  private void fail() {
    failed = true;
    valid = false;
    release();
  }

  private void checkValid() {
    if (!valid) {
      throw new IllegalStateException("iterator is not positioned");
    }
  }

  @Override
  public MemorySegment key() {
    checkValid();
    return data.key();
  }

  @Override
  public long sequence() {
    checkValid();
    return data.trailer >>> 8;
  }

  @Override
  public EntryKind kind() {
    checkValid();
    return kind;
  }

  @Override
  public MemorySegment value() {
    checkValid();
    return data.value();
  }

  @Override
  public HeapEntry heapEntry() {
    return valid ? heapCurrent : null;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    valid = false;
    release();
    codec.close();
    if (arena != null) {
      arena.close();
    }
  }
}
