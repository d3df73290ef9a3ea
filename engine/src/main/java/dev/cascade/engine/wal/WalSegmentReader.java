package dev.cascade.engine.wal;

import dev.cascade.engine.io.IoQueue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Reads a segment's pages for recovery, a chunk of {@link #CHUNK_BYTES} at a time through the shard's queue
 * (blocking: recovery runs at open). A page returned stays valid until the next call that loads another chunk.
 *
 * <p>Owned by the recovering thread; {@link #close()} frees the buffer.
 */
final class WalSegmentReader implements AutoCloseable {
  /** Bytes read per I/O. */
  static final int CHUNK_BYTES = 1 << 20;

  private final IoQueue queue;
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment chunk;
  private WalSegment segment;
  private long chunkOffset = -1;
  private long chunkBytes;

  /** A reader for segments of at most {@code segmentBytesMax} bytes (its buffer need not be larger). */
  WalSegmentReader(IoQueue queue, long segmentBytesMax) {
    this.queue = queue;
    this.chunk = arena.allocate(Math.min(CHUNK_BYTES, segmentBytesMax), WalFormat.PAGE_BYTES);
  }

  /** The page at {@code fileOffset} (a multiple of the page size, inside the segment). */
  MemorySegment page(WalSegment s, long fileOffset) {
    if (s != segment || fileOffset < chunkOffset || fileOffset + WalFormat.PAGE_BYTES > chunkOffset + chunkBytes) {
      load(s, fileOffset);
    }
    return chunk.asSlice(fileOffset - chunkOffset, WalFormat.PAGE_BYTES);
  }

  private void load(WalSegment s, long fileOffset) {
    long n = Math.min(chunk.byteSize(), s.sizeBytes - fileOffset);
    segment = null;
    long read = queue.await(queue.read(s.file, fileOffset, chunk.asSlice(0, n))).getLong();
    if (read < WalFormat.PAGE_BYTES) {
      // A segment shorter than its size said (should not happen: sizes are checked at open): read as zeros.
      chunk.asSlice(read, WalFormat.PAGE_BYTES - read).fill((byte) 0);
      read = WalFormat.PAGE_BYTES;
    }
    segment = s;
    chunkOffset = fileOffset;
    chunkBytes = read / WalFormat.PAGE_BYTES * WalFormat.PAGE_BYTES;
  }

  @Override
  public void close() {
    arena.close();
  }
}
