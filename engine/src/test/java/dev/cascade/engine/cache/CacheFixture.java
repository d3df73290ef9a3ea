package dev.cascade.engine.cache;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One engine, real O_DIRECT files whose pages hold known bytes (written with {@link SyncIo}), and an I/O queue
 * owned by the test thread for the cache to read through. Closes everything it opened.
 *
 * <p>Thread ownership: owned by the test thread that created it.
 */
final class CacheFixture implements AutoCloseable {
  static final int PAGE = PageCache.PAGE_BYTES;

  final IoEngine engine;
  final SyncIo io;
  final IoQueue queue;
  private final Path dir;
  private final Arena arena = Arena.ofShared();
  private final List<TestFile> files = new ArrayList<>();

  CacheFixture(IoEngineKind kind, Path dir) {
    this.dir = dir;
    this.engine = IoEngines.create(kind);
    this.io = new SyncIo(engine);
    this.queue = engine.open(new ThreadLoop(), 0);
  }

  /** A new file of {@code pages} pages with cache id {@code cacheId}. */
  TestFile file(long cacheId, int pages) {
    IoFile f = engine.open(dir.resolve("file-" + cacheId), OpenFlag.CREATE, OpenFlag.DIRECT);
    TestFile file = new TestFile(cacheId, f, pages);
    if (pages > 0) {
      MemorySegment buf = arena.allocate((long) pages * PAGE, PAGE);
      for (int p = 0; p < pages; p++) {
        MemorySegment.copy(MemorySegment.ofArray(file.expected[p]), 0, buf, (long) p * PAGE, PAGE);
      }
      io.write(f, 0, buf);
    }
    files.add(file);
    return file;
  }

  /** Drives the queue until {@code p}'s load is done; returns its failure or null. */
  Throwable await(dev.cascade.engine.runtime.Promise<Void> p) {
    queue.await(p);
    return p.failure();
  }

  @Override
  public void close() {
    for (TestFile f : files) {
      engine.close(f.ioFile());
    }
    queue.close();
    io.close();
    engine.close();
    arena.close();
  }

  /**
   * A file of the fixture: page {@code p} holds bytes from a generator seeded by (id, p). {@link #verifyPage}
   * compares the frame with them and throws the corruption error it made for a page marked bad.
   */
  static final class TestFile implements CachedFile {
    private final long cacheId;
    private final IoFile ioFile;
    final byte[][] expected;
    final Set<Long> badPages = new HashSet<>();
    /** The last error {@link #verifyPage} threw. */
    CorruptionException lastThrown;
    int verifyCalls;

    TestFile(long cacheId, IoFile ioFile, int pages) {
      this.cacheId = cacheId;
      this.ioFile = ioFile;
      this.expected = new byte[pages][];
      for (int p = 0; p < pages; p++) {
        expected[p] = new byte[PAGE];
        new Random(cacheId * 1_000_003L + p).nextBytes(expected[p]);
      }
    }

    @Override
    public long cacheId() {
      return cacheId;
    }

    @Override
    public IoFile ioFile() {
      return ioFile;
    }

    @Override
    public void verifyPage(long pageNo, MemorySegment page) {
      verifyCalls++;
      if (badPages.contains(pageNo)) {
        lastThrown = new CorruptionException(ioFile.path(), pageNo * PAGE, "data block", "injected bad checksum");
        throw lastThrown;
      }
      if (!holds(pageNo, page)) {
        throw new AssertionError("page " + pageNo + " of file " + cacheId + " read back wrong");
      }
    }

    /** True when {@code frame} holds exactly page {@code pageNo}. */
    boolean holds(long pageNo, MemorySegment frame) {
      return frame.byteSize() == PAGE && MemorySegment.ofArray(expected[(int) pageNo]).mismatch(frame) == -1;
    }

    @Override
    public String toString() {
      return "file " + cacheId;
    }
  }
}
