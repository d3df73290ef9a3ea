package dev.cascade.engine.cache;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.memory.NativeMemory;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@link PageCache} with CLOCK replacement: the frames sit on a circle, a hit sets the frame's reference bit,
 * and the hand, looking for a frame to reuse, clears set bits and takes the first unpinned frame whose bit is
 * already clear. A page touched since the hand last passed so gets a second chance. Why CLOCK rather than
 * S3-FIFO: see the package documentation.
 *
 * <p>Memory: slabs of {@link #SLAB_FRAMES} frames (2 MiB, one transparent huge page where Linux grants it:
 * {@link NativeMemory}) aligned to 4096 and owned by a shared arena, so that an O_DIRECT read lands straight in a
 * frame and a thread borrowing the shard may read a pinned frame. A slab is allocated when one of its
 * frames is first handed out (frames are handed out in order), so opening a store with a large cache costs nothing
 * up front: zeroing and faulting in a 256 MiB cache at once took seconds on a loaded virtual machine. Index: a
 * {@link PageTable} from (file id, page number) to frame over primitive arrays. Per frame: its page, a pin count,
 * a reference bit and a state (free, loading, resident, or dropped: evicted while pinned or loading, freed when
 * that ends). The hit path of {@link #tryPin} is one hash probe and two stores, with no allocation.
 *
 * <p>Loads: a miss reserves a frame (taken from the free list, else from the hand), enters it in the index as
 * loading and issues one read; every {@link #load} of the page until the read completes gets the same promise.
 * When the read completes the page is checked (a short read is a page beyond the end of the file, then
 * {@link CachedFile#verifyPage}); only a page that passes becomes resident, otherwise the frame is freed and the
 * shared promise fails with the error.
 *
 * <p>Counters ({@link #stats()}): a hit or a miss per {@link #tryPin} (so a {@code load} followed by its
 * {@code tryPin} counts a miss and a hit; {@link #pin} counts the miss only), a read per read issued, an eviction
 * per page the hand replaced ({@link #evict} drops are not counted). Resident frames include dropped pages that
 * are still pinned.
 *
 * <p>Thread ownership: owned by its shard (or the thread borrowing that shard, which may only use
 * {@link #tryPin}, {@link #frame}, {@link #unpin}: none of them touches an I/O queue).
 */
public final class ClockPageCache implements PageCache {
  /** Fewest frames: below this a handful of pinned iterator pages would exhaust the cache. */
  public static final int FRAMES_MIN = 16;
  /** Most frames of one cache: 64 GiB of pages per shard. */
  public static final int FRAMES_MAX = 1 << 24;
  /** Highest page number whose byte offset fits a long. */
  public static final long PAGE_NO_MAX = Long.MAX_VALUE / PAGE_BYTES;
  /** Times {@link #pin} reloads a page that was replaced between its read and the pin, before giving up. */
  static final int PIN_ATTEMPTS_MAX = 8;

  private static final byte FREE = 0;
  private static final byte LOADING = 1;
  private static final byte RESIDENT = 2;
  /** Evicted while loading: the frame is freed when the read completes, and the page is not cached. */
  private static final byte LOADING_DROPPED = 3;
  /** Evicted while pinned: out of the index, the frame is freed at the last unpin. */
  private static final byte DROPPED = 4;

  private final int capacity;
  /** Frames per slab: 2 MiB. */
  static final int SLAB_FRAMES = 512;

  private final Arena arena;
  private final MemorySegment[] slabs;
  /** One slice per frame, made once, so that {@link #frame} allocates nothing. */
  private final MemorySegment[] frames;
  private final PageTable table;
  private final long[] fileIds;
  private final long[] pageNos;
  private final int[] pins;
  private final byte[] states;
  private final boolean[] referenced;
  private final PageLoad[] loads;
  private final int[] freeFrames;
  private int freeCount;
  private int hand;
  /** The loop of the reads, learnt from the first one: resident pages answer {@link #load} with {@link #done}. */
  private Promise<Void> done;
  private int residentCount;
  private int pinnedCount;
  private int loadingCount;
  private long hits;
  private long misses;
  private long reads;
  private long evictions;
  private boolean closed;

  /**
   * A cache of {@code frameCount} frames.
   *
   * @throws IllegalArgumentException if {@code frameCount} is outside [{@link #FRAMES_MIN}, {@link #FRAMES_MAX}]
   */
  public ClockPageCache(int frameCount) {
    if (frameCount < FRAMES_MIN || frameCount > FRAMES_MAX) {
      throw new IllegalArgumentException("page cache must have between " + FRAMES_MIN + " and " + FRAMES_MAX
          + " frames of " + PAGE_BYTES + " bytes: " + frameCount);
    }
    this.capacity = frameCount;
    this.arena = Arena.ofShared();
    this.slabs = new MemorySegment[(frameCount + SLAB_FRAMES - 1) / SLAB_FRAMES];
    this.frames = new MemorySegment[frameCount];
    this.table = new PageTable(frameCount);
    this.fileIds = new long[frameCount];
    this.pageNos = new long[frameCount];
    this.pins = new int[frameCount];
    this.states = new byte[frameCount];
    this.referenced = new boolean[frameCount];
    this.loads = new PageLoad[frameCount];
    this.freeFrames = new int[frameCount];
    // The free list pops from its end: hand out frame 0 first, so that fill order is frame order.
    for (int i = 0; i < frameCount; i++) {
      freeFrames[i] = frameCount - 1 - i;
    }
    this.freeCount = frameCount;
  }

  /** Frames in the cache. */
  public int capacityFrames() {
    return capacity;
  }

  /** Frame {@code f}'s memory, allocating its slab on first use. */
  private MemorySegment frameMemory(int f) {
    MemorySegment m = frames[f];
    if (m == null) {
      int slab = f / SLAB_FRAMES;
      if (slabs[slab] == null) {
        int count = Math.min(SLAB_FRAMES, capacity - slab * SLAB_FRAMES);
        slabs[slab] = NativeMemory.allocate(arena, (long) count * PAGE_BYTES);
      }
      m = slabs[slab].asSlice((long) (f % SLAB_FRAMES) * PAGE_BYTES, PAGE_BYTES);
      frames[f] = m;
    }
    return m;
  }

  /** Bytes of frame memory allocated so far (slabs are allocated on first use). */
  long allocatedBytes() {
    long n = 0;
    for (MemorySegment s : slabs) {
      n += s == null ? 0 : s.byteSize();
    }
    return n;
  }

  // ---------------------------------------------------------------- hot path (may run on a borrowing thread)

  @Override
  public int tryPin(CachedFile file, long pageNo) {
    int f = table.get(file.cacheId(), pageNo);
    if (f >= 0 && states[f] == RESIDENT) {
      pinFrame(f);
      hits++;
      return f;
    }
    misses++;
    return -1;
  }

  @Override
  public MemorySegment frame(int handle) {
    checkPinned(handle);
    return frameMemory(handle);
  }

  @Override
  public MemorySegment freshFrame(int handle) {
    checkPinned(handle);
    return slabs[handle / SLAB_FRAMES].asSlice((long) (handle % SLAB_FRAMES) * PAGE_BYTES, PAGE_BYTES);
  }

  @Override
  public void unpin(int handle) {
    checkPinned(handle);
    if (--pins[handle] == 0) {
      pinnedCount--;
      if (states[handle] == DROPPED) {
        residentCount--;
        freeFrame(handle);
      }
    }
  }

  private void pinFrame(int f) {
    if (pins[f]++ == 0) {
      pinnedCount++;
    }
    referenced[f] = true;
  }

  private void checkPinned(int handle) {
    if (handle < 0 || handle >= capacity) {
      throw new IllegalArgumentException("not a frame handle of this page cache: " + handle);
    }
    if (pins[handle] <= 0) {
      throw new IllegalStateException("frame " + handle + " is not pinned");
    }
  }

  // ---------------------------------------------------------------- loads (owner thread)

  @Override
  public Promise<Void> load(IoQueue queue, CachedFile file, long pageNo) {
    checkOpen();
    checkPageNo(file, pageNo);
    int f = table.get(file.cacheId(), pageNo);
    if (f >= 0) {
      return states[f] == LOADING ? loads[f].joined() : done;
    }
    f = takeFrame();
    reserve(f, file, pageNo);
    Promise<Void> read;
    try {
      read = queue.read(file.ioFile(), pageNo * PAGE_BYTES, frameMemory(f));
    } catch (RuntimeException | Error e) {
      // The queue refused the read (wrong thread, closed queue, a handle it does not know): nothing is in flight.
      table.remove(fileIds[f], pageNos[f]);
      loadingCount--;
      loads[f].clear();
      freeFrame(f);
      throw e;
    }
    reads++;
    Promise<Void> joined = new Promise<>(read.loop());
    if (done == null) {
      done = Promise.completed(read.loop(), null);
    }
    PageLoad load = loads[f];
    load.joined(joined);
    // May run at once, for engines that complete reads synchronously: the load is fully set up by now.
    read.onComplete(load);
    return joined;
  }

  @Override
  public int pin(IoQueue queue, CachedFile file, long pageNo) {
    int h = tryPin(file, pageNo);
    for (int attempt = 0; h < 0; attempt++) {
      if (attempt == PIN_ATTEMPTS_MAX) {
        throw new CascadeException("page " + pageNo + " of " + file.ioFile().path() + " was replaced "
            + PIN_ATTEMPTS_MAX + " times between its read and its pin: the page cache of " + capacity
            + " frames is too small for the pages in use");
      }
      queue.await(load(queue, file, pageNo)).get(); // rethrows the read's or the check's failure
      int f = table.get(file.cacheId(), pageNo);
      if (f >= 0 && states[f] == RESIDENT) {
        pinFrame(f);
        h = f;
      }
    }
    return h;
  }

  /** Enters a free frame in the index as loading {@code pageNo} of {@code file}. */
  private void reserve(int f, CachedFile file, long pageNo) {
    long fileId = file.cacheId();
    fileIds[f] = fileId;
    pageNos[f] = pageNo;
    states[f] = LOADING;
    referenced[f] = false;
    table.put(fileId, pageNo, f);
    loadingCount++;
    PageLoad load = loads[f];
    if (load == null) {
      load = new PageLoad(this, f);
      loads[f] = load;
    }
    load.start(file, pageNo);
  }

  /**
   * The read into frame {@code f} completed. The page is checked, the frame's state settled, and only then is
   * the shared promise completed, so that whatever its waiters do (pin the page, load another) sees a
   * consistent cache.
   */
  void finishLoad(int f, PageLoad load, Promise<Void> read) {
    CachedFile file = load.file();
    long pageNo = load.pageNo();
    Promise<Void> joined = load.joined();
    load.clear();
    Throwable failure = read.failure();
    long bytes = failure == null ? read.getLong() : 0;
    read.release();
    if (failure == null && bytes < PAGE_BYTES) {
      failure = new CorruptionException(file.ioFile().path(), pageNo * PAGE_BYTES, "page",
          "page beyond end of file (read " + bytes + " of " + PAGE_BYTES + " bytes)");
    }
    if (failure == null) {
      try {
        file.verifyPage(pageNo, frameMemory(f));
      } catch (RuntimeException | Error e) {
        failure = e;
      }
    }
    loadingCount--;
    if (failure == null && states[f] == LOADING) {
      states[f] = RESIDENT;
      residentCount++;
    } else {
      if (states[f] == LOADING) {
        table.remove(fileIds[f], pageNos[f]);
      }
      freeFrame(f);
    }
    if (failure == null) {
      joined.complete(null);
    } else {
      joined.fail(failure);
    }
  }

  /**
   * A frame to load into: a free one, else the first unpinned resident frame under the hand whose reference bit
   * is clear. Two turns of the hand suffice: the first clears every bit it passes.
   */
  private int takeFrame() {
    if (freeCount > 0) {
      return freeFrames[--freeCount];
    }
    for (long step = 0, steps = 2L * capacity; step < steps; step++) {
      int f = hand;
      hand = f + 1 == capacity ? 0 : f + 1;
      if (states[f] != RESIDENT || pins[f] != 0) {
        continue;
      }
      if (referenced[f]) {
        referenced[f] = false;
        continue;
      }
      table.remove(fileIds[f], pageNos[f]);
      residentCount--;
      evictions++;
      return f;
    }
    throw new CascadeException("page cache of " + capacity + " frames exhausted: all pinned or loading ("
        + pinnedCount + " pinned, " + loadingCount + " loading)");
  }

  private void freeFrame(int f) {
    states[f] = FREE;
    referenced[f] = false;
    freeFrames[freeCount++] = f;
  }

  @Override
  public void offer(long cacheId, long pageNo, MemorySegment page) {
    checkOpen();
    if (page.byteSize() != PAGE_BYTES) {
      throw new IllegalArgumentException("a page is " + PAGE_BYTES + " bytes, not " + page.byteSize());
    }
    if (pageNo < 0 || pageNo > PAGE_NO_MAX || table.get(cacheId, pageNo) >= 0) {
      return;
    }
    int f;
    if (freeCount > 0) {
      f = freeFrames[--freeCount];
    } else if (pinnedCount + loadingCount >= capacity) {
      return;
    } else {
      f = takeFrame();
    }
    MemorySegment.copy(page, 0, frameMemory(f), 0, PAGE_BYTES);
    fileIds[f] = cacheId;
    pageNos[f] = pageNo;
    states[f] = RESIDENT;
    referenced[f] = false;
    table.put(cacheId, pageNo, f);
    residentCount++;
  }

  // ---------------------------------------------------------------- eviction, stats, close

  /**
   * Drops every page of {@code file}: unpinned pages at once, pinned ones at their last unpin, pages being read
   * when the read completes (their waiters are still told the read's outcome, but the page is not cached). A
   * scan of all frames: files are deleted rarely, and a per-file list would cost memory on every page.
   */
  @Override
  public void evict(long fileId) {
    for (int f = 0; f < capacity; f++) {
      if (fileIds[f] != fileId) {
        continue;
      }
      byte state = states[f];
      if (state == RESIDENT) {
        table.remove(fileId, pageNos[f]);
        if (pins[f] == 0) {
          residentCount--;
          freeFrame(f);
        } else {
          states[f] = DROPPED;
        }
      } else if (state == LOADING) {
        table.remove(fileId, pageNos[f]);
        states[f] = LOADING_DROPPED;
      }
    }
  }

  @Override
  public PageCacheStats stats() {
    return new PageCacheStats(capacity, residentCount, pinnedCount, hits, misses, reads, evictions);
  }

  /**
   * Frees the frames. Refused while a frame is pinned or being read: the memory may still be read by a
   * borrowing thread or written by the kernel. Closing twice is a no-op.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (pinnedCount > 0 || loadingCount > 0) {
      throw new IllegalStateException("page cache closed with " + pinnedCount + " frames pinned and "
          + loadingCount + " being read");
    }
    closed = true;
    table.clear();
    arena.close();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("page cache is closed");
    }
  }

  private static void checkPageNo(CachedFile file, long pageNo) {
    if (pageNo < 0 || pageNo > PAGE_NO_MAX) {
      throw new IllegalArgumentException("page number out of range [0, " + PAGE_NO_MAX + "] for "
          + file.ioFile().path() + ": " + pageNo);
    }
  }

  /**
   * Recounts everything and checks it against the counters and the index; for tests. Throws
   * {@link AssertionError} on the first inconsistency.
   */
  void checkInvariants() {
    int resident = 0;
    int pinned = 0;
    int loading = 0;
    int indexed = 0;
    for (int f = 0; f < capacity; f++) {
      byte s = states[f];
      check(pins[f] >= 0, f, "negative pin count");
      check(pins[f] == 0 || s == RESIDENT || s == DROPPED, f, "pinned but not resident");
      pinned += pins[f] > 0 ? 1 : 0;
      resident += s == RESIDENT || s == DROPPED ? 1 : 0;
      loading += s == LOADING || s == LOADING_DROPPED ? 1 : 0;
      boolean inIndex = table.get(fileIds[f], pageNos[f]) == f;
      check(inIndex == (s == RESIDENT || s == LOADING), f, "index disagrees with state " + s);
      indexed += s == RESIDENT || s == LOADING ? 1 : 0;
    }
    check(resident == residentCount && pinned == pinnedCount && loading == loadingCount, -1,
        "counters " + residentCount + "/" + pinnedCount + "/" + loadingCount + " but counted " + resident + "/"
            + pinned + "/" + loading);
    check(indexed == table.size(), -1, "index holds " + table.size() + " pages, frames " + indexed);
    check(freeCount + resident + loading == capacity, -1, "free " + freeCount + " + resident " + resident
        + " + loading " + loading + " != capacity " + capacity);
  }

  private static void check(boolean ok, int frame, String what) {
    if (!ok) {
      throw new AssertionError("page cache invariant broken at frame " + frame + ": " + what);
    }
  }
}
