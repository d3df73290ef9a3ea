package dev.cascade.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.runtime.Promise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random tryPin, load, pin, unpin, evict and queue polls over several files against a model of what must hold:
 * a pinned frame always holds its page's bytes (so pinned frames never change), a pinned page that was not
 * evicted stays resident under the same handle, a page that failed its check or lies beyond the end of its file
 * is never resident and its loads fail with the right error, an evicted page misses until it is loaded again,
 * loads fail for lack of frames exactly when every frame is pinned or loading, and the cache's own counters and
 * index agree with its frames after every step. The seed is printed; {@code -Dseed=} replays it, and
 * {@code -Dcascade.stress=true} runs longer.
 */
class PageCacheModelTest {
  private static final int FILES = 4;
  private static final int PAGES = 24;
  private static final int BAD_PAGES_PER_FILE = 2;
  private static final int STEPS = Boolean.getBoolean("cascade.stress") ? 200_000 : 6_000;
  /** Steps per phase; every third phase pins greedily, to drive the cache into exhaustion. */
  private static final int PHASE_STEPS = 300;

  @TempDir Path dir;

  private record Key(int file, int page) {}

  /** One pin the model holds; {@code dropped} once its file was evicted. */
  private static final class Pin {
    final int handle;
    final Key key;
    boolean dropped;

    Pin(int handle, Key key) {
      this.handle = handle;
      this.key = key;
    }
  }

  /** One read in flight, as the model saw it start; {@code dropped} once its file was evicted. */
  private static final class Pending {
    final Promise<Void> promise;
    final Key key;
    boolean dropped;

    Pending(Promise<Void> promise, Key key) {
      this.promise = promise;
      this.key = key;
    }
  }

  private Random random;
  private ClockPageCache cache;
  private CacheFixture fx;
  private CacheFixture.TestFile[] files;
  private final List<Pin> pins = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();
  private final Set<Key> mustMiss = new HashSet<>();
  private long pinLookups;
  private int exhausted;
  private int joined;
  private int failedLoads;
  private int pinsOfDroppedPages;

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void randomOperationsKeepEveryPromise(IoEngineKind kind) {
    long seed = TestSeeds.seed("PageCacheModelTest." + kind);
    random = new Random(seed);
    int frames = ClockPageCache.FRAMES_MIN + random.nextInt(25);
    try (CacheFixture fixture = new CacheFixture(kind, dir); ClockPageCache c = new ClockPageCache(frames)) {
      fx = fixture;
      cache = c;
      files = new CacheFixture.TestFile[FILES];
      for (int i = 0; i < FILES; i++) {
        files[i] = fx.file(100 + i, PAGES);
        while (files[i].badPages.size() < BAD_PAGES_PER_FILE) {
          files[i].badPages.add((long) random.nextInt(PAGES));
        }
      }
      for (int step = 0; step < STEPS; step++) {
        try {
          step((step / PHASE_STEPS) % 3 == 2);
          checkAgreement();
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError("step " + step + ", seed " + seed + ", " + frames + " frames: " + e, e);
        }
      }
      PageCacheStats stats = cache.stats();
      System.out.println(kind + ": " + stats + ", exhausted " + exhausted + ", joined " + joined + ", failed loads "
          + failedLoads + ", pins of dropped pages " + pinsOfDroppedPages);
      // The run must have reached the interesting states, or it proves little.
      assertTrue(exhausted > 0 && failedLoads > 0 && stats.evictions() > 0 && stats.hits() > 0, "coverage");
      if (kind == IoEngineKind.URING) {
        assertTrue(joined > 0, "no load joined a read in flight");
      }
      drain();
      stats = cache.stats();
      assertEquals(pinLookups, stats.hits() + stats.misses());
      assertEquals(0, stats.residentFrames(), "every file evicted");
    }
  }

  private void step(boolean greedy) {
    int op = random.nextInt(100);
    // Outside greedy phases, unpin more often the more is pinned, so that the cache mostly has room.
    boolean crowded = !greedy && random.nextInt(cache.capacityFrames()) < pins.size();
    if (!pins.isEmpty() && (op < (greedy ? 1 : 30) || crowded)) {
      unpin(pins.get(random.nextInt(pins.size())));
    } else if (op < 45) {
      tryPin(randomKey());
    } else if (op < 65) {
      // Half the time while reads are in flight, load one of their pages again: that must join the read.
      load(!pending.isEmpty() && random.nextBoolean() ? pending.get(random.nextInt(pending.size())).key : randomKey());
    } else if (op < 77) {
      pin(randomKey());
    } else if (op < 92) {
      fx.queue.poll();
    } else if (op < 95) {
      evict(random.nextInt(FILES));
    } else {
      for (Pin p : pins) {
        assertTrue(files[p.key.file()].holds(p.key.page(), cache.frame(p.handle)), "pinned " + p.key);
      }
    }
    settle();
  }

  /** Mostly pages of the files, some of them bad, now and then the page just past the end. */
  private Key randomKey() {
    return new Key(random.nextInt(FILES), random.nextInt(PAGES + 1));
  }

  private void tryPin(Key key) {
    pinLookups++;
    int h = cache.tryPin(files[key.file()], key.page());
    Pin live = livePin(key);
    if (live != null) {
      assertEquals(live.handle, h, "a pinned page stays resident in its frame: " + key);
    }
    if (unloadable(key) || mustMiss.contains(key)) {
      assertEquals(-1, h, "must miss: " + key);
    }
    if (h >= 0) {
      pinned(h, key);
    }
  }

  private void load(Key key) {
    boolean full = full();
    boolean joinable = livePin(key) != null || livePending(key) != null;
    Promise<Void> p;
    try {
      p = cache.load(fx.queue, files[key.file()], key.page());
    } catch (CascadeException e) {
      assertExhausted(e, full, joinable);
      return;
    }
    assertFalse(full && !joinable, "load must fail when every frame is pinned or loading");
    mustMiss.remove(key);
    Pending known = livePending(key);
    if (known != null) {
      assertTrue(known.promise == p, "a load of a page in flight joins its read: " + key);
      joined++;
    } else if (!p.isDone()) {
      pending.add(new Pending(p, key));
    } else {
      checkOutcome(key, p);
    }
  }

  private void pin(Key key) {
    boolean full = full();
    boolean joinable = livePin(key) != null || livePending(key) != null;
    pinLookups++;
    int h;
    try {
      h = cache.pin(fx.queue, files[key.file()], key.page());
    } catch (CorruptionException e) {
      assertTrue(unloadable(key), "unexpected " + e);
      mustMiss.remove(key);
      checkFailure(key, e);
      return;
    } catch (CascadeException e) {
      assertExhausted(e, full, joinable);
      return;
    }
    assertFalse(unloadable(key), "pinned an unloadable page " + key);
    mustMiss.remove(key);
    pinned(h, key);
  }

  private void pinned(int h, Key key) {
    assertTrue(files[key.file()].holds(key.page(), cache.frame(h)), "content of " + key);
    pins.add(new Pin(h, key));
  }

  private void unpin(Pin p) {
    assertTrue(files[p.key.file()].holds(p.key.page(), cache.frame(p.handle)), "pinned frame changed: " + p.key);
    cache.unpin(p.handle);
    pins.remove(p);
  }

  private void evict(int file) {
    cache.evict(files[file]);
    for (Pin p : pins) {
      pinsOfDroppedPages += !p.dropped && p.key.file() == file ? 1 : 0;
      p.dropped |= p.key.file() == file;
    }
    for (Pending p : pending) {
      p.dropped |= p.key.file() == file;
    }
    for (int page = 0; page <= PAGES; page++) {
      mustMiss.add(new Key(file, page));
    }
  }

  /** Settles reads that completed (they complete during polls, and during the waits of {@code pin}). */
  private void settle() {
    for (int i = pending.size() - 1; i >= 0; i--) {
      Pending p = pending.get(i);
      if (p.promise.isDone()) {
        pending.remove(i);
        checkOutcome(p.key, p.promise);
      }
    }
  }

  private void checkOutcome(Key key, Promise<Void> p) {
    if (unloadable(key)) {
      assertTrue(p.isFailed(), "load of unloadable " + key + " succeeded");
      checkFailure(key, p.failure());
    } else if (p.isFailed()) {
      fail("load of " + key + " failed", p.failure());
    }
  }

  private void checkFailure(Key key, Throwable t) {
    failedLoads++;
    assertTrue(t instanceof CorruptionException, "expected a corruption error, got " + t);
    String expected = key.page() == PAGES ? "page beyond end of file" : "injected bad checksum";
    assertTrue(t.getMessage().contains(expected), t.getMessage());
    assertEquals((long) key.page() * PageCache.PAGE_BYTES, ((CorruptionException) t).offset());
  }

  private void assertExhausted(CascadeException e, boolean full, boolean joinable) {
    exhausted++;
    assertTrue(e.getMessage().contains("exhausted"), "unexpected " + e);
    assertTrue(full && !joinable, "exhaustion reported with free frames: " + e.getMessage());
  }

  private boolean unloadable(Key key) {
    return key.page() == PAGES || files[key.file()].badPages.contains((long) key.page());
  }

  /** True when every frame is pinned or being read, by the model's count. */
  private boolean full() {
    settle();
    Set<Integer> pinnedFrames = new HashSet<>();
    pins.forEach(p -> pinnedFrames.add(p.handle));
    return pinnedFrames.size() + pending.size() == cache.capacityFrames();
  }

  private Pin livePin(Key key) {
    for (Pin p : pins) {
      if (!p.dropped && p.key.equals(key)) {
        return p;
      }
    }
    return null;
  }

  private Pending livePending(Key key) {
    for (Pending p : pending) {
      if (!p.dropped && p.key.equals(key) && !p.promise.isDone()) {
        return p;
      }
    }
    return null;
  }

  private void checkAgreement() {
    cache.checkInvariants();
    Set<Integer> pinnedFrames = new HashSet<>();
    pins.forEach(p -> pinnedFrames.add(p.handle));
    PageCacheStats stats = cache.stats();
    assertEquals(pinnedFrames.size(), stats.pinnedFrames());
    assertTrue(stats.residentFrames() + pending.size() <= stats.capacityFrames(), "over capacity: " + stats);
    IdentityHashMap<Promise<Void>, Boolean> distinct = new IdentityHashMap<>();
    pending.forEach(p -> distinct.put(p.promise, Boolean.TRUE));
    assertEquals(pending.size(), distinct.size(), "one shared promise per read in flight");
  }

  /** Completes every read, unpins everything, evicts every file. */
  private void drain() {
    for (Pending p : pending) {
      fx.queue.await(p.promise);
    }
    settle();
    while (!pins.isEmpty()) {
      unpin(pins.get(pins.size() - 1));
    }
    for (int i = 0; i < FILES; i++) {
      cache.evict(files[i]);
    }
    cache.checkInvariants();
  }
}
