package dev.cascade.engine.cache;

import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.MemorySegment;

/**
 * One shard's page cache: a fixed budget of 4 KB frames in one off-heap, 4096-aligned segment. Data pages,
 * filter and index partitions all live here, so memory stays within the budget however large the store grows.
 *
 * <p>Frames are named by an int handle. A pinned frame is never evicted or reused; every pin is paired with
 * one {@link #unpin(int)}. Reads go O_DIRECT straight into the frame (no copy), and every page read from disk is
 * checked with {@link CachedFile#verifyPage} before anyone can pin it; a failed check fails the load with the
 * {@link dev.cascade.engine.CorruptionException} and leaves nothing cached. Concurrent misses on one page (tasks
 * of the shard that wait on the load) share one read.
 *
 * <p>Thread ownership: owned by its shard (or the thread borrowing that shard, which may only use
 * {@link #tryPin}, {@link #frame}, {@link #unpin}).
 */
public interface PageCache extends AutoCloseable {
  int PAGE_BYTES = 4096;

  /** Pins the page and returns its frame handle if resident (counts a hit); -1 if not (counts a miss). */
  int tryPin(CachedFile file, long pageNo);

  /**
   * Starts reading the page into a free frame through {@code queue}, or joins the read already under way. The
   * promise (of {@code queue}'s loop) completes when the page is resident, unpinned, or fails with the read's
   * {@link dev.cascade.engine.StorageIoException} or the check's corruption error. The caller then retries
   * {@link #tryPin}.
   */
  Promise<Void> load(IoQueue queue, CachedFile file, long pageNo);

  /**
   * Pins the page, reading it first if needed and blocking the calling thread in {@link IoQueue#await} until it
   * is resident. For iterators, compaction inputs and opening files, where a task cannot easily resume
   * mid-step.
   */
  int pin(IoQueue queue, CachedFile file, long pageNo);

  /** The 4096-byte frame of a pinned handle. */
  MemorySegment frame(int handle);

  /**
   * The same memory as {@link #frame}, as a slice made by this call rather than one kept per frame: a lookup that
   * reads a page not touched lately then waits for one cache miss fewer (no per-frame object to load before the
   * page), and the JIT removes the slice where the caller's use of it is inlined. For the point-lookup path; the
   * default is {@link #frame}.
   */
  default MemorySegment freshFrame(int handle) {
    return frame(handle);
  }

  void unpin(int handle);

  /** Forgets every unpinned page of {@code file} (the file is being deleted). Pinned pages go when unpinned. */
  default void evict(CachedFile file) {
    evict(file.cacheId());
  }

  /** {@link #evict(CachedFile)} by the file's {@link CachedFile#cacheId()}. */
  void evict(long cacheId);

  /**
   * Caches a page its writer has just written ("cache on write"): {@code page} (4096 bytes) becomes page
   * {@code pageNo} of the file whose {@link CachedFile#cacheId()} is {@code cacheId}, resident and unpinned, as
   * if read, but with its reference bit clear, so that it is the first to go if nobody reads it. It is not
   * verified: these are the writer's own bytes, after their write succeeded. Does nothing when the page is
   * already resident or loading, or when every frame is pinned or loading.
   */
  void offer(long cacheId, long pageNo, MemorySegment page);

  PageCacheStats stats();

  /** Frees the frames; nothing may be pinned. */
  @Override
  void close();
}
