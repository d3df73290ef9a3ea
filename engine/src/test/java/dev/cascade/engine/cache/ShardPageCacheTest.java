package dev.cascade.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.RuntimeOptions;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.ShardRuntime;
import dev.cascade.engine.runtime.ValueTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cache as a shard uses it: tasks miss, start or join a load through the shard's I/O queue, WAIT on the
 * promise, are resumed by the completion and pin the page. Many tasks on few pages must read each page once.
 */
@Timeout(120)
class ShardPageCacheTest {
  private static final int PAGES = 16;
  private static final int TASKS = 200;
  private static final int PAGES_PER_TASK = 6;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void tasksWaitingOnOnePageShareItsReadAndSeeItsBytes(IoEngineKind kind) {
    Random random = new Random(TestSeeds.seed("ShardPageCacheTest." + kind));
    try (CacheFixture fx = new CacheFixture(kind, dir);
        ShardRuntime runtime = ShardRuntime.start(
            RuntimeOptions.defaults().withShardCount(1).withSpinNanos(0).withReactorFactory(fx.engine))) {
      CacheFixture.TestFile file = fx.file(21, PAGES);
      ClockPageCache cache = new ClockPageCache(4 * PAGES);
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      Set<Long> touched = new HashSet<>();
      for (int t = 0; t < TASKS; t++) {
        long[] pages = new long[PAGES_PER_TASK];
        for (int i = 0; i < pages.length; i++) {
          pages[i] = random.nextInt(PAGES);
          touched.add(pages[i]);
        }
        results.add(runtime.submit(0, new ReadPages(cache, file, pages)));
      }
      for (CompletableFuture<Integer> r : results) {
        assertEquals(PAGES_PER_TASK, r.join(), "pages read back right");
      }
      PageCacheStats stats = runtime.call(0, s -> cache.stats());
      assertEquals(touched.size(), stats.reads(), "each page read once: " + stats);
      assertEquals(0, stats.pinnedFrames());
      runtime.call(0, s -> {
        cache.checkInvariants();
        cache.close();
        return null;
      });
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void everyTaskWaitingOnACorruptPageFailsWithItsError(IoEngineKind kind) {
    try (CacheFixture fx = new CacheFixture(kind, dir);
        ShardRuntime runtime = ShardRuntime.start(
            RuntimeOptions.defaults().withShardCount(1).withSpinNanos(0).withReactorFactory(fx.engine))) {
      CacheFixture.TestFile file = fx.file(22, 2);
      file.badPages.add(1L);
      ClockPageCache cache = new ClockPageCache(ClockPageCache.FRAMES_MIN);
      List<CompletableFuture<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        results.add(runtime.submit(0, new ReadPages(cache, file, new long[] {0, 1})));
      }
      Set<Throwable> distinct = new HashSet<>();
      for (CompletableFuture<Integer> r : results) {
        CompletionException e = assertThrows(CompletionException.class, r::join);
        assertTrue(e.getCause() instanceof CorruptionException, String.valueOf(e.getCause()));
        distinct.add(e.getCause());
      }
      PageCacheStats stats = runtime.call(0, s -> cache.stats());
      assertEquals(distinct.size() + 1, stats.reads(), "one read for page 0, one per distinct failure");
      // Tasks that waited on one read share its error; how many reads there were depends on timing.
      assertTrue(distinct.contains(file.lastThrown));
      assertEquals(1, stats.residentFrames());
      runtime.call(0, s -> {
        cache.checkInvariants();
        cache.close();
        return null;
      });
    }
  }

  /** Pins, checks and unpins pages one after another, waiting on loads; finishes with the count read right. */
  private static final class ReadPages extends ValueTask<Integer> {
    private final PageCache cache;
    private final CacheFixture.TestFile file;
    private final long[] pages;
    private int next;
    private int right;
    private Promise<Void> loading;

    ReadPages(PageCache cache, CacheFixture.TestFile file, long[] pages) {
      this.cache = cache;
      this.file = file;
      this.pages = pages;
    }

    @Override
    public Status run(Shard shard) {
      while (next < pages.length) {
        if (loading != null) {
          loading.get(); // rethrows the load's failure, which fails the task
          loading = null;
        }
        int h = cache.tryPin(file, pages[next]);
        if (h < 0) {
          loading = cache.load(IoQueue.of(shard), file, pages[next]);
          if (!loading.isDone()) {
            return loading.await(this);
          }
          continue;
        }
        right += file.holds(pages[next], cache.frame(h)) ? 1 : 0;
        cache.unpin(h);
        next++;
      }
      return done(right);
    }
  }
}
