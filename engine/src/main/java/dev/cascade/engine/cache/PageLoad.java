package dev.cascade.engine.cache;

import dev.cascade.engine.runtime.Promise;

/**
 * The read under way into one frame: which page it is for and the one promise that every {@link PageCache#load}
 * of that page shares until the read completes. It listens on the queue's read promise and hands the result to
 * its cache. One instance per frame, reused for every load into that frame (a frame takes one read at a time),
 * so a miss allocates only the shared promise.
 *
 * <p>Thread ownership: owned by its cache (and so by the cache's shard).
 */
final class PageLoad implements Promise.Listener<Void> {
  private final ClockPageCache cache;
  private final int frame;
  private CachedFile file;
  private long pageNo;
  private Promise<Void> joined;

  PageLoad(ClockPageCache cache, int frame) {
    this.cache = cache;
    this.frame = frame;
  }

  void start(CachedFile file, long pageNo) {
    this.file = file;
    this.pageNo = pageNo;
  }

  /** Set once the queue has accepted the read: the promise comes from the read's loop. */
  void joined(Promise<Void> joined) {
    this.joined = joined;
  }

  CachedFile file() {
    return file;
  }

  long pageNo() {
    return pageNo;
  }

  Promise<Void> joined() {
    return joined;
  }

  /** Forgets the page, so that an idle frame keeps no file or waiter reachable. */
  void clear() {
    file = null;
    joined = null;
  }

  @Override
  public void onComplete(Promise<Void> read) {
    cache.finishLoad(frame, this, read);
  }
}
