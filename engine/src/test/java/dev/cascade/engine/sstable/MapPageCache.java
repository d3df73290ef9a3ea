package dev.cascade.engine.sstable;

import dev.cascade.engine.cache.CachedFile;
import dev.cascade.engine.cache.PageCache;
import dev.cascade.engine.cache.PageCacheStats;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only {@link PageCache}: unbounded, one aligned frame per page in a map, loads done synchronously through
 * the queue, every loaded page checked with {@link CachedFile#verifyPage} before it is cached. Counts hits, misses
 * and reads, and checks the pin discipline (no unpin of an unpinned frame, nothing pinned at close).
 *
 * <p>Owned by the test thread.
 */
final class MapPageCache implements PageCache {
  private record Key(long id, long page) {}

  private static final class Frame {
    final Key key;
    final MemorySegment memory;
    int pins;

    Frame(Key key, MemorySegment memory) {
      this.key = key;
      this.memory = memory;
    }
  }

  private final Arena arena = Arena.ofShared();
  private final Map<Key, Integer> handles = new HashMap<>();
  private final List<Frame> frames = new ArrayList<>();
  private long hits;
  private long misses;
  private long reads;
  private long evictions;

  @Override
  public int tryPin(CachedFile file, long pageNo) {
    Integer h = handles.get(new Key(file.cacheId(), pageNo));
    if (h == null) {
      misses++;
      return -1;
    }
    hits++;
    frames.get(h).pins++;
    return h;
  }

  @Override
  public Promise<Void> load(IoQueue queue, CachedFile file, long pageNo) {
    Key key = new Key(file.cacheId(), pageNo);
    MemorySegment frame = arena.allocate(PAGE_BYTES, PAGE_BYTES);
    Promise<Void> read = queue.await(queue.read(file.ioFile(), pageNo * PAGE_BYTES, frame));
    reads++;
    try {
      long n = read.getLong();
      if (n != PAGE_BYTES) {
        throw new dev.cascade.engine.CorruptionException(file.ioFile().path(), pageNo * PAGE_BYTES, "page",
            "short read " + n);
      }
      file.verifyPage(pageNo, frame);
    } catch (RuntimeException e) {
      return Promise.failed(read.loop(), e);
    }
    if (!handles.containsKey(key)) {
      handles.put(key, frames.size());
      frames.add(new Frame(key, frame));
    }
    return Promise.completed(read.loop(), null);
  }

  @Override
  public int pin(IoQueue queue, CachedFile file, long pageNo) {
    while (true) {
      int h = tryPin(file, pageNo);
      if (h >= 0) {
        return h;
      }
      Promise<Void> p = load(queue, file, pageNo);
      p.get();
    }
  }

  @Override
  public MemorySegment frame(int handle) {
    Frame f = frames.get(handle);
    if (f.pins <= 0) {
      throw new IllegalStateException("frame " + handle + " is not pinned");
    }
    return f.memory;
  }

  @Override
  public void unpin(int handle) {
    Frame f = frames.get(handle);
    if (f.pins <= 0) {
      throw new IllegalStateException("unpin of unpinned frame " + handle);
    }
    f.pins--;
  }

  @Override
  public void offer(long cacheId, long pageNo, MemorySegment page) {
    Key key = new Key(cacheId, pageNo);
    if (!handles.containsKey(key)) {
      MemorySegment frame = arena.allocate(PAGE_BYTES, PAGE_BYTES);
      MemorySegment.copy(page, 0, frame, 0, PAGE_BYTES);
      handles.put(key, frames.size());
      frames.add(new Frame(key, frame));
    }
  }

  @Override
  public void evict(long cacheId) {
    handles.entrySet().removeIf(e -> {
      if (e.getKey().id() == cacheId && frames.get(e.getValue()).pins == 0) {
        evictions++;
        return true;
      }
      return false;
    });
  }

  long pinned() {
    return frames.stream().filter(f -> f.pins > 0).count();
  }

  long reads() {
    return reads;
  }

  @Override
  public PageCacheStats stats() {
    return new PageCacheStats(Long.MAX_VALUE, handles.size(), pinned(), hits, misses, reads, evictions);
  }

  @Override
  public void close() {
    if (pinned() != 0) {
      throw new IllegalStateException(pinned() + " frames still pinned at close");
    }
    arena.close();
  }
}
