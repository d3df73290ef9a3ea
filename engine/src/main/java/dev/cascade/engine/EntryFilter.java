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
}
