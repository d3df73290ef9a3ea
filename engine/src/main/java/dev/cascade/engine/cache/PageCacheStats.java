package dev.cascade.engine.cache;

/**
 * Counters of one page cache.
 *
 * <p>Immutable.
 */
public record PageCacheStats(long capacityFrames, long residentFrames, long pinnedFrames, long hits, long misses,
    long reads, long evictions) {}
