package dev.cascade.engine.memtable;

import dev.cascade.engine.memory.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The off-heap memory of one memtable: a list of chunks carved by a bump pointer and freed all at once by
 * {@link #close()}. Nothing is freed one by one, which is what makes allocation a pointer increment.
 *
 * <p>A place in the arena is a reference, a long {@code chunk index << 32 | offset}. References stay valid until
 * close (chunks never move), they are bounds-checked on every access (a stale or corrupt reference throws instead
 * of reading foreign memory), and reference 0, the first bytes of chunk 0, is never handed to an entry: the
 * memtable puts its skiplist head there, so 0 can mean "no node" in a next pointer.
 *
 * <p>Small allocations (at most a quarter of a chunk) share the current chunk; when one does not fit, a new chunk
 * starts and the rest of the old one, less than a quarter, is wasted. Larger allocations get a dedicated chunk of
 * exactly their size and leave the current chunk as it is. So {@link #reservedBytes()} stays below
 * {@code 4/3 * usedBytes() + chunkBytes}.
 *
 * <p>The chunks come from a shared arena: a memtable is written by its shard and, once immutable and safely
 * published, read by other threads (the flush, outside readers); a confined arena would forbid those reads.
 *
 * <p>Thread ownership: owned by the memtable's writer for {@link #allocate}; {@link #segment} and {@link #offset}
 * may be called by any thread that saw the references it follows through a happens-before edge.
 */
final class ChunkArena {
  /** Alignment of every allocation: node headers hold longs. */
  static final int ALIGNMENT_BYTES = 8;
  /** Most chunks of one arena: the chunk index takes the high 32 bits of a reference. */
  static final int CHUNK_COUNT_MAX = Integer.MAX_VALUE;

  private final Arena arena = Arena.ofShared();
  private final int chunkBytes;
  private MemorySegment[] chunks = new MemorySegment[8];
  private int chunkCount;
  /** Index of the chunk small allocations are carved from, or -1 before the first. */
  private int current = -1;
  private long cursor;
  private long reservedBytes;
  private long usedBytes;

  ChunkArena(int chunkBytes) {
    this.chunkBytes = chunkBytes;
  }

  /**
   * Reserves {@code bytes} (a positive multiple of {@link #ALIGNMENT_BYTES}), zeroed, and returns its reference.
   */
  long allocate(long bytes) {
    assert bytes > 0 && bytes % ALIGNMENT_BYTES == 0 : bytes;
    usedBytes += bytes;
    if (bytes > chunkBytes / 4) {
      return reference(addChunk(bytes), 0);
    }
    if (current < 0 || cursor + bytes > chunkBytes) {
      current = addChunk(chunkBytes);
      cursor = 0;
    }
    long ref = reference(current, cursor);
    cursor += bytes;
    return ref;
  }

  private int addChunk(long bytes) {
    if (chunkCount == chunks.length) {
      if (chunkCount == CHUNK_COUNT_MAX) {
        throw new IllegalStateException("memtable arena is full: " + chunkCount + " chunks");
      }
      chunks = Arrays.copyOf(chunks, (int) Math.min(CHUNK_COUNT_MAX, 2L * chunks.length));
    }
    // Arena.allocate zeroes the memory: next pointers of a new node start as "none" (0).
    // Whole pages come from NativeMemory: huge pages where granted, zeroed as first touched.
    chunks[chunkCount] = bytes % NativeMemory.PAGE_BYTES == 0 ? NativeMemory.allocate(arena, bytes)
        : arena.allocate(bytes, ALIGNMENT_BYTES);
    reservedBytes += bytes;
    return chunkCount++;
  }

  private static long reference(int chunk, long offset) {
    return (long) chunk << 32 | offset;
  }

  /** The chunk holding {@code ref}. */
  MemorySegment segment(long ref) {
    return chunks[(int) (ref >>> 32)];
  }

  /** The offset of {@code ref} in its {@link #segment}. */
  static long offset(long ref) {
    return ref & 0xffff_ffffL;
  }

  /** Bytes of all chunks allocated so far. */
  long reservedBytes() {
    return reservedBytes;
  }

  /** Bytes handed out by {@link #allocate}. */
  long usedBytes() {
    return usedBytes;
  }

  int chunkCount() {
    return chunkCount;
  }

  /** Frees every chunk; any later access to a segment of this arena throws IllegalStateException. */
  void close() {
    arena.close();
  }
}
