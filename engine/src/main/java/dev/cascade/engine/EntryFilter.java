package dev.cascade.engine;

import java.lang.foreign.MemorySegment;

/**
 * A predicate over one encoded entry, evaluated inside the shard before anything is copied out: rows it rejects
 * never leave the shard. The SQL layer compiles a pushed-down WHERE clause into one.
 *
 * <p>The segments are views valid only during the call; copy what you keep. Implementations run on shard threads,
 * concurrently on several shards, so they must be thread-safe (stateless is best) and must not block.
 */
@FunctionalInterface
public interface EntryFilter {
  boolean test(MemorySegment key, MemorySegment value);

  /**
   * The same test of an entry held in a heap array (the key at {@code keyOffset}, {@code keyLength} bytes, the
   * value at {@code valueOffset}): scans call it for entries of SST blocks. The default slices the array and calls
   * {@link #test(MemorySegment, MemorySegment)}; a filter that reads the bytes itself overrides it to skip the
   * slices. The array is a view valid only during the call.
   */
  default boolean test(byte[] array, int keyOffset, int keyLength, int valueOffset, int valueLength) {
    MemorySegment all = MemorySegment.ofArray(array);
    return test(all.asSlice(keyOffset, keyLength), all.asSlice(valueOffset, valueLength));
  }
}
