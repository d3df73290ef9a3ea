package dev.cascade.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.IoQueueStats;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link PageCache} contract on {@link ClockPageCache}, over real files and both I/O engines. */
class ClockPageCacheTest {
  private static final int PAGE = PageCache.PAGE_BYTES;
  private static final int FRAMES = ClockPageCache.FRAMES_MIN;

  @TempDir Path dir;

  @Test
  void capacityBelowTheMinimumIsRefusedClearly() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PageCaches.create((FRAMES - 1) * (long) PAGE));
    assertTrue(e.getMessage().contains("16 to"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ClockPageCache(FRAMES - 1));
    assertThrows(IllegalArgumentException.class, () -> PageCaches.create(-1));
    try (PageCache cache = PageCaches.create(FRAMES * (long) PAGE + PAGE - 1)) {
      assertEquals(FRAMES, cache.stats().capacityFrames());
    }
  }

  @Test
  void frameMemoryIsAllocatedInAlignedSlabsOnFirstUse() {
    try (ClockPageCache cache = new ClockPageCache(ClockPageCache.SLAB_FRAMES * 3 + 7)) {
      assertEquals(0, cache.allocatedBytes(), "nothing allocated before the first load");
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void aLoadedPageIsPinnedWithTheFileContents(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(1, 4);
      assertEquals(-1, cache.tryPin(file, 2));
      assertNull(fx.await(cache.load(fx.queue, file, 2)));
      int h = cache.tryPin(file, 2);
      assertTrue(h >= 0);
      assertTrue(file.holds(2, cache.frame(h)));
      assertEquals(0, cache.frame(h).address() % PAGE);
      int h2 = cache.pin(fx.queue, file, 3);
      assertTrue(file.holds(3, cache.frame(h2)));
      assertEquals(new PageCacheStats(FRAMES, 2, 2, 1, 2, 2, 0), cache.stats());
      cache.unpin(h);
      cache.unpin(h2);
      assertThrows(IllegalStateException.class, () -> cache.unpin(h));
      assertThrows(IllegalStateException.class, () -> cache.frame(h));
      assertThrows(IllegalArgumentException.class, () -> cache.frame(FRAMES));
      assertEquals(0, cache.stats().pinnedFrames());
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void loadsOfOnePageBeforeItsReadCompletesShareOneRead(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(7, 2);
      IoQueueStats before = fx.queue.stats();
      Promise<Void> first = cache.load(fx.queue, file, 1);
      Promise<Void> second = cache.load(fx.queue, file, 1);
      if (kind == IoEngineKind.URING) {
        assertFalse(first.isDone(), "io_uring completes reads only when the queue is polled");
        assertSame(first, second);
      }
      assertNull(fx.await(first));
      assertNull(fx.await(second));
      assertEquals(1, fx.queue.stats().submitted() - before.submitted());
      assertEquals(1, cache.stats().reads());
      assertEquals(1, file.verifyCalls);
      int h = cache.tryPin(file, 1);
      assertTrue(file.holds(1, cache.frame(h)));
      cache.unpin(h);
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void aFailedCheckFailsEveryJoinedLoadCachesNothingAndALaterLoadRetries(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(3, 2);
      file.badPages.add(1L);
      Promise<Void> first = cache.load(fx.queue, file, 1);
      Promise<Void> second = cache.load(fx.queue, file, 1);
      Throwable firstFailure = fx.await(first);
      Throwable secondFailure = fx.await(second);
      assertTrue(firstFailure instanceof CorruptionException, String.valueOf(firstFailure));
      assertSame(file.lastThrown, secondFailure);
      if (kind == IoEngineKind.URING) {
        assertSame(first, second, "the second load joined the read in flight");
        assertSame(firstFailure, secondFailure);
      }
      int readsSoFar = kind == IoEngineKind.URING ? 1 : 2; // FileChannel's first read has failed before the second load
      assertEquals(readsSoFar, cache.stats().reads());
      assertEquals(-1, cache.tryPin(file, 1));
      assertEquals(0, cache.stats().residentFrames());
      cache.checkInvariants();
      CorruptionException e = assertThrows(CorruptionException.class, () -> cache.pin(fx.queue, file, 1));
      assertSame(file.lastThrown, e);
      file.badPages.clear();
      int h = cache.pin(fx.queue, file, 1);
      assertTrue(file.holds(1, cache.frame(h)));
      cache.unpin(h);
      assertEquals(readsSoFar + 2, cache.stats().reads());
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void aPageBeyondTheEndOfTheFileIsACorruptionNamingFileAndOffset(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(5, 2);
      Throwable t = fx.await(cache.load(fx.queue, file, 2));
      CorruptionException e = assertInstanceOf(CorruptionException.class, t);
      assertEquals(file.ioFile().path(), e.file());
      assertEquals(2L * PAGE, e.offset());
      assertTrue(e.getMessage().contains("page beyond end of file"), e.getMessage());
      assertEquals(0, cache.stats().residentFrames());
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void whenEveryFrameIsPinnedLoadAndPinFailNamingTheCapacity(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(9, FRAMES + 1);
      List<Integer> handles = new ArrayList<>();
      for (int p = 0; p < FRAMES; p++) {
        handles.add(cache.pin(fx.queue, file, p));
      }
      CascadeException e = assertThrows(CascadeException.class, () -> cache.load(fx.queue, file, FRAMES));
      assertTrue(e.getMessage().contains("page cache of 16 frames exhausted: all pinned"), e.getMessage());
      assertThrows(CascadeException.class, () -> cache.pin(fx.queue, file, FRAMES));
      assertThrows(IllegalStateException.class, cache::close, "closing with pinned frames is refused");
      cache.checkInvariants();
      cache.unpin(handles.remove(0));
      int h = cache.pin(fx.queue, file, FRAMES);
      assertTrue(file.holds(FRAMES, cache.frame(h)));
      assertEquals(-1, cache.tryPin(file, 0), "the one unpinned page made room");
      handles.add(h);
      handles.forEach(cache::unpin);
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void evictDropsUnpinnedPagesAtOnceAndPinnedOnesAtTheirLastUnpin(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile dead = fx.file(1, 4);
      CacheFixture.TestFile live = fx.file(2, 4);
      for (int p = 0; p < 4; p++) {
        cache.unpin(cache.pin(fx.queue, dead, p));
        cache.unpin(cache.pin(fx.queue, live, p));
      }
      int pinned = cache.pin(fx.queue, dead, 0);
      int twice = cache.pin(fx.queue, dead, 0);
      assertEquals(pinned, twice);
      cache.evict(dead);
      assertEquals(5, cache.stats().residentFrames(), "4 live pages and the pinned dead one");
      assertTrue(dead.holds(0, cache.frame(pinned)), "a pinned page stays readable after evict");
      for (int p = 0; p < 4; p++) {
        assertEquals(-1, cache.tryPin(dead, p));
        int h = cache.tryPin(live, p);
        assertTrue(h >= 0);
        cache.unpin(h);
      }
      cache.checkInvariants();
      cache.unpin(pinned);
      assertEquals(5, cache.stats().residentFrames());
      cache.unpin(twice);
      assertEquals(4, cache.stats().residentFrames());
      assertEquals(0, cache.stats().evictions(), "dropping a file's pages is not replacement");
      cache.checkInvariants();
    }
  }

  @Test
  void evictDuringARead_theReadCompletesButThePageIsNotCached() {
    try (CacheFixture fx = new CacheFixture(IoEngineKind.URING, dir);
        ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(4, 2);
      Promise<Void> load = cache.load(fx.queue, file, 0);
      assertFalse(load.isDone());
      cache.evict(file);
      cache.checkInvariants();
      Promise<Void> again = cache.load(fx.queue, file, 0);
      assertNotEquals(load, again, "the dropped read is not joined");
      assertNull(fx.await(load));
      assertNull(fx.await(again));
      assertEquals(1, cache.stats().residentFrames());
      cache.checkInvariants();
      cache.evict(file);
      assertEquals(0, cache.stats().residentFrames());
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void clockGivesAReReferencedPageASecondChance(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(11, 2 * FRAMES);
      for (int p = 0; p < FRAMES; p++) {
        cache.unpin(cache.pin(fx.queue, file, p));
      }
      // The cache is full and every page has been referenced once. One more load sweeps the circle, clearing
      // every reference bit, and replaces one page.
      cache.unpin(cache.pin(fx.queue, file, FRAMES));
      assertEquals(1, cache.stats().evictions());
      int survivor = -1;
      for (int p = 0; p < FRAMES && survivor < 0; p++) {
        int h = cache.tryPin(file, p);
        if (h >= 0) {
          survivor = p;
          cache.unpin(h); // referenced again
        }
      }
      // FRAMES - 2 more loads replace every other old page; the re-referenced one only loses its bit.
      for (int p = FRAMES + 1; p < 2 * FRAMES - 1; p++) {
        cache.unpin(cache.pin(fx.queue, file, p));
      }
      assertEquals(FRAMES - 1, cache.stats().evictions());
      for (int p = 0; p < FRAMES; p++) {
        int h = cache.tryPin(file, p);
        assertEquals(p == survivor, h >= 0, "page " + p + " (survivor " + survivor + ")");
        if (h >= 0) {
          cache.unpin(h);
        }
      }
      cache.checkInvariants();
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void statsCountHitsMissesReadsAndEvictions(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(12, FRAMES + 4);
      for (int p = 0; p < FRAMES + 4; p++) {
        cache.unpin(cache.pin(fx.queue, file, p)); // one miss, one read each
      }
      int h = cache.tryPin(file, FRAMES + 3); // a hit: the last page loaded
      assertEquals(new PageCacheStats(FRAMES, FRAMES, 1, 1, FRAMES + 4, FRAMES + 4, 4), cache.stats());
      cache.unpin(h);
      assertEquals(-1, cache.tryPin(file, 0));
      assertEquals(FRAMES + 5, cache.stats().misses());
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void closeRefusesPinnedFramesAndEndsUse(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir)) {
      ClockPageCache cache = new ClockPageCache(FRAMES);
      CacheFixture.TestFile file = fx.file(13, 1);
      int h = cache.pin(fx.queue, file, 0);
      assertThrows(IllegalStateException.class, cache::close);
      MemorySegment frame = cache.frame(h);
      cache.unpin(h);
      cache.close();
      cache.close();
      assertFalse(frame.scope().isAlive());
      assertEquals(-1, cache.tryPin(file, 0));
      assertThrows(IllegalStateException.class, () -> cache.load(fx.queue, file, 0));
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void aRefusedReadLeavesNothingReserved(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(14, 1);
      fx.engine.close(file.ioFile());
      Throwable t = null;
      try {
        t = fx.await(cache.load(fx.queue, file, 0));
      } catch (RuntimeException e) {
        t = e;
      }
      assertTrue(t != null, "a read of a closed file fails");
      assertEquals(0, cache.stats().residentFrames());
      cache.checkInvariants();
      assertThrows(IllegalArgumentException.class, () -> cache.load(fx.queue, file, -1));
      CacheFixture.TestFile open = fx.file(15, 1);
      IoQueue closedQueue = fx.engine.open(new ThreadLoop(), 1);
      closedQueue.close();
      long reads = cache.stats().reads();
      assertThrows(IllegalStateException.class, () -> cache.load(closedQueue, open, 0));
      assertEquals(reads, cache.stats().reads());
      cache.checkInvariants();
      cache.unpin(cache.pin(fx.queue, open, 0));
      cache.checkInvariants();
    }
  }

  /**
   * A fresh frame is the pinned frame's memory, computed from its handle (slab and place in it), in every slab:
   * the file's bytes at the frame's address; refused for a frame not pinned or not of this cache.
   */
  @Test
  void aFreshFrameIsThePinnedFramesMemoryInEverySlab() {
    int pages = ClockPageCache.SLAB_FRAMES + 4;
    try (CacheFixture fx = new CacheFixture(IoEngineKind.FILECHANNEL, dir);
        ClockPageCache cache = new ClockPageCache(pages + 8)) {
      CacheFixture.TestFile file = fx.file(18, pages);
      for (int p = 0; p < pages; p++) {
        int h = cache.pin(fx.queue, file, p);
        MemorySegment fresh = cache.freshFrame(h);
        assertEquals(cache.frame(h).address(), fresh.address(), "page " + p);
        assertEquals(PAGE, fresh.byteSize());
        assertTrue(file.holds(p, fresh), "page " + p);
        cache.unpin(h);
        assertThrows(IllegalStateException.class, () -> cache.freshFrame(h));
      }
      assertThrows(IllegalArgumentException.class, () -> cache.freshFrame(pages + 8));
      assertTrue(cache.allocatedBytes() > (long) ClockPageCache.SLAB_FRAMES * PAGE, "a second slab in use");
    }
  }

  @Test
  void theHitPathAllocatesNothing() {
    try (CacheFixture fx = new CacheFixture(IoEngineKind.FILECHANNEL, dir);
        ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(16, 4);
      for (int p = 0; p < 4; p++) {
        cache.unpin(cache.pin(fx.queue, file, p));
      }
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
      long thread = Thread.currentThread().threadId();
      // A short warm-up loads the classes involved. The measured loop runs mostly before the JIT's escape
      // analysis could hide an allocation, so one object per hit would show as well over a megabyte.
      long sum = hitLoop(cache, file, 10);
      long before = threads.getThreadAllocatedBytes(thread);
      sum += hitLoop(cache, file, 20_000);
      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      System.out.println("80,000 hits allocated " + allocated + " bytes");
      assertTrue(allocated < 16 * 1024, "80,000 hits allocated " + allocated + " bytes");
      assertEquals(20_010L * 4 * 4096, sum);
    }
  }

  private static long hitLoop(ClockPageCache cache, CacheFixture.TestFile file, int rounds) {
    long sum = 0;
    for (int i = 0; i < rounds; i++) {
      for (int p = 0; p < 4; p++) {
        int h = cache.tryPin(file, p);
        sum += cache.frame(h).byteSize();
        cache.unpin(h);
      }
    }
    return sum;
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void aThreadBorrowingTheShardPinsReadsAndUnpinsWithoutTheQueue(IoEngineKind kind) throws Exception {
    try (CacheFixture fx = new CacheFixture(kind, dir); ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(17, 2);
      cache.unpin(cache.pin(fx.queue, file, 1));
      Throwable[] failure = new Throwable[1];
      boolean[] held = new boolean[2];
      // The queue is owned by this thread: any use of it from the borrower would throw.
      Thread borrower = new Thread(() -> {
        try {
          int h = cache.tryPin(file, 1);
          held[0] = h >= 0 && file.holds(1, cache.frame(h));
          cache.unpin(h);
          held[1] = cache.tryPin(file, 0) == -1;
        } catch (Throwable t) {
          failure[0] = t;
        }
      }, "borrower");
      borrower.start();
      borrower.join();
      assertNull(failure[0]);
      assertTrue(held[0] && held[1]);
      assertEquals(0, cache.stats().pinnedFrames());
      cache.checkInvariants();
    }
  }

  private static <T> T assertInstanceOf(Class<T> type, Throwable t) {
    assertTrue(type.isInstance(t), "expected " + type.getSimpleName() + ", got " + t);
    return type.cast(t);
  }

  @Test
  void anOfferedPageIsResidentWithoutARead() {
    try (CacheFixture fx = new CacheFixture(IoEngineKind.FILECHANNEL, dir);
        ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(7, 3);
      cache.offer(7, 1, MemorySegment.ofArray(file.expected[1]));
      int h = cache.tryPin(file, 1);
      assertTrue(h >= 0, "the offered page is a hit");
      assertTrue(file.holds(1, cache.frame(h)));
      assertEquals(0, file.verifyCalls, "an offered page is the writer's own bytes: not verified again");
      // A second offer of a resident page changes nothing.
      cache.offer(7, 1, MemorySegment.ofArray(file.expected[2]));
      assertTrue(file.holds(1, cache.frame(h)));
      cache.unpin(h);
      assertEquals(0, cache.stats().reads());
      assertEquals(1, cache.stats().residentFrames());
      assertThrows(IllegalArgumentException.class, () -> cache.offer(7, 2, MemorySegment.ofArray(new byte[100])));
      cache.evict(7);
      assertEquals(-1, cache.tryPin(file, 1));
      cache.checkInvariants();
    }
  }

  @Test
  void offersTakeUnreadPagesFirstAndNeverAPinnedFrame() {
    try (CacheFixture fx = new CacheFixture(IoEngineKind.FILECHANNEL, dir);
        ClockPageCache cache = new ClockPageCache(FRAMES)) {
      CacheFixture.TestFile file = fx.file(3, FRAMES * 3);
      // Fill the cache with offers, then read (reference) the first half.
      for (int p = 0; p < FRAMES; p++) {
        cache.offer(3, p, MemorySegment.ofArray(file.expected[p]));
      }
      for (int p = 0; p < FRAMES / 2; p++) {
        cache.unpin(cache.tryPin(file, p));
      }
      // Half a cache of new offers replaces the unread half, not the pages just read.
      for (int p = FRAMES; p < FRAMES + FRAMES / 2; p++) {
        cache.offer(3, p, MemorySegment.ofArray(file.expected[p]));
      }
      for (int p = 0; p < FRAMES / 2; p++) {
        int h = cache.tryPin(file, p);
        assertTrue(h >= 0, "page " + p + " was read and survives");
        assertTrue(file.holds(p, cache.frame(h)));
        cache.unpin(h);
      }
      // With every frame pinned an offer does nothing rather than fail.
      List<Integer> pinned = new ArrayList<>();
      for (int f = 0; f < FRAMES; f++) {
        long page = f < FRAMES / 2 ? f : FRAMES + f - FRAMES / 2;
        int h = cache.tryPin(file, page);
        assertTrue(h >= 0, "page " + page + " resident");
        pinned.add(h);
      }
      cache.offer(3, FRAMES * 2, MemorySegment.ofArray(file.expected[FRAMES * 2]));
      assertEquals(-1, cache.tryPin(file, FRAMES * 2));
      pinned.forEach(cache::unpin);
      assertEquals(0, cache.stats().reads());
      cache.checkInvariants();
    }
  }
}
