package dev.cascade.engine.cache;

import dev.cascade.engine.io.IoFile;
import java.lang.foreign.MemorySegment;

/**
 * A file whose 4 KB pages the {@link PageCache} holds, as the cache sees it: an identity, an open handle, and the
 * check to run on every page read from disk (the SST reader verifies the page's block checksum there, so a
 * corrupt page never enters the cache).
 *
 * <p>Thread ownership: implementations are immutable.
 */
public interface CachedFile {
  /** Unique among the files of one cache for the life of the process (the SST file number works per shard). */
  long cacheId();

  IoFile ioFile();

  /**
   * Checks a page just read from disk.
   *
   * @throws dev.cascade.engine.CorruptionException naming the file, the page's offset and its block kind
   */
  void verifyPage(long pageNo, MemorySegment page);
}
