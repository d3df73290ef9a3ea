package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.cache.CachedFile;
import dev.cascade.engine.cache.PageCache;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.key.Segments;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Reads one SST file. Opening reads and verifies the footer, the top index (kept on the heap) and the properties;
 * afterwards every data, filter and index page comes through the {@link PageCache}, verified once as it is loaded
 * ({@link #verifyPage}). A data block spanning a run of pages is read outside the cache into a temporary aligned
 * buffer.
 *
 * <p>Point lookups: {@link #get} never does I/O; it answers {@link #FOUND}, {@link #ABSENT}, or {@link #MISS} with
 * {@code out.missPage} set. On MISS the caller loads that page with {@link #load(IoQueue, long)} (which is
 * {@code cache.load} for a single page, and reads a run into this reader's run slot) and calls again.
 *
 * <p>Thread ownership: owned by its shard (or the thread borrowing the shard); its structure is immutable after
 * open, and its lookup scratch is used by one lookup at a time. Iterators carry their own scratch.
 */
public final class SstReader implements CachedFile, AutoCloseable {
  public static final int FOUND = 1;
  public static final int ABSENT = 0;
  public static final int MISS = -1;

  private static final long TRAILER_KIND_MAX = 0xff;

  private final IoEngine engine;
  private final Path path;
  private final long fileNumber;
  private final PageCache cache;
  private final IoFile file;
  private final long sizeBytes;
  private final long dataPages;
  private final SstProperties properties;
  private final MemorySegment topIndex;
  private final long topIndexOffset;
  private final long[] filterPages;
  private final long[] indexPages;
  private final Arena arena = Arena.ofShared();
  /** Off-heap room for a ZSTD block (its binding takes direct buffers), made on first use. */
  private MemorySegment offHeapScratch;
  /** Where lookups decompress data blocks: on the heap, so that {@link EntryBlock} searches an array. */
  private MemorySegment heapScratch = MemorySegment.ofArray(new byte[HEAP_SCRATCH_BYTES_MIN]);
  private final BlockCodec codec = new BlockCodec(SstOptions.ZSTD_LEVEL_DEFAULT);
  private final EntryBlock topBlock = new EntryBlock();
  private final EntryBlock indexBlock = new EntryBlock();
  private final EntryBlock dataBlock = new EntryBlock();
  /** Point lookups' heap copy of the index page they search. */
  private final MemorySegment indexHeap = MemorySegment.ofArray(new byte[SstFormat.PAGE_BYTES]);

  /** First page → page count of every run a lookup has met, so that {@link #load} knows a run from a page. */
  private final java.util.HashMap<Long, Integer> runStarts = new java.util.HashMap<>();
  private long runPage = -1;
  private Arena runArena;
  private MemorySegment runPayload;
  private boolean closed;

  private SstReader(IoEngine engine, Path path, long fileNumber, PageCache cache, IoFile file, long sizeBytes,
      Footer footer, MemorySegment topIndex, SstProperties properties) {
    this.engine = engine;
    this.path = path;
    this.fileNumber = fileNumber;
    this.cache = cache;
    this.file = file;
    this.sizeBytes = sizeBytes;
    this.properties = properties;
    this.dataPages = properties.dataPageCount();
    this.topIndex = topIndex;
    this.topIndexOffset = footer.topIndexPage() * SstFormat.PAGE_BYTES;
    topBlock.reset(topIndex, path, topIndexOffset, BlockKind.TOP_INDEX);
    int n = topBlock.count();
    this.filterPages = new long[n];
    this.indexPages = new long[n];
    for (int i = 0; i < n; i++) {
      topBlock.decode(i);
      if (topBlock.valueLength != SstFormat.TOP_INDEX_VALUE_BYTES) {
        throw topBlock.corrupt("entry " + i + " has a value of " + topBlock.valueLength + " bytes, not "
            + SstFormat.TOP_INDEX_VALUE_BYTES);
      }
      filterPages[i] = topIndex.get(BlockHeader.U64, topBlock.valueAt);
      indexPages[i] = topIndex.get(BlockHeader.U64, topBlock.valueAt + 8);
      if (filterPages[i] < dataPages || filterPages[i] >= footer.topIndexPage() || indexPages[i] < dataPages
          || indexPages[i] >= footer.topIndexPage()) {
        throw topBlock.corrupt("partition " + i + " points at pages " + filterPages[i] + " and " + indexPages[i]
            + " outside the partition pages [" + dataPages + ", " + footer.topIndexPage() + ")");
      }
    }
    if (n != properties.partitionCount() || dataPages + 2 * properties.partitionCount() != footer.topIndexPage()) {
      throw new CorruptionException(path, footer.propertiesPage() * SstFormat.PAGE_BYTES,
          BlockKind.PROPERTIES.label(), "says " + dataPages + " data pages and " + properties.partitionCount()
              + " partitions; the top index has " + n + " partitions and starts at page " + footer.topIndexPage());
    }
  }

  /**
   * Opens {@code path}: reads and verifies the footer, the top index and the properties, blocking in
   * {@code queue.await}. The file is opened O_DIRECT where the file system allows it.
   */
  public static SstReader open(IoEngine engine, IoQueue queue, Path path, long fileNumber, PageCache cache) {
    IoFile file = openDirectIfPossible(engine, path);
    try (Arena tmp = Arena.ofConfined()) {
      long size = engine.size(file);
      if (size % SstFormat.PAGE_BYTES != 0 || size < 6L * SstFormat.PAGE_BYTES
          || size / SstFormat.PAGE_BYTES > SstFormat.FILE_PAGES_MAX) {
        throw new CorruptionException(path, Math.max(0, size - SstFormat.PAGE_BYTES), BlockKind.FOOTER.label(),
            "file size " + size + " is not a whole number of pages between 6 and " + SstFormat.FILE_PAGES_MAX);
      }
      long pages = size / SstFormat.PAGE_BYTES;
      MemorySegment footerPage = readPages(queue, file, pages - 1, 1, tmp, BlockKind.FOOTER);
      Footer footer = Footer.decodeFrom(footerPage, path, size);
      if (footer.fileNumber() != fileNumber) {
        throw new CorruptionException(path, size - SstFormat.PAGE_BYTES, BlockKind.FOOTER.label(),
            "footer names file number " + footer.fileNumber() + ", expected " + fileNumber);
      }
      MemorySegment top = readPages(queue, file, footer.topIndexPage(), footer.topIndexPages(), tmp,
          BlockKind.TOP_INDEX);
      BlockHeader.verify(path, footer.topIndexPage() * SstFormat.PAGE_BYTES, top, BlockKind.TOP_INDEX,
          SstFormat.TOP_INDEX_PAGES_MAX * SstFormat.PAGE_BYTES);
      MemorySegment topHeap = MemorySegment.ofArray(
          top.asSlice(SstFormat.HEADER_BYTES, BlockHeader.storedBytes(top)).toArray(ValueLayout.JAVA_BYTE));
      MemorySegment props = readPages(queue, file, footer.propertiesPage(), footer.propertiesPages(), tmp,
          BlockKind.PROPERTIES);
      long propsOffset = footer.propertiesPage() * SstFormat.PAGE_BYTES;
      BlockHeader.verify(path, propsOffset, props, BlockKind.PROPERTIES, SstProperties.ENCODED_BYTES_MAX);
      SstProperties properties = SstProperties.decodeFrom(
          props.asSlice(SstFormat.HEADER_BYTES, BlockHeader.storedBytes(props)), path, propsOffset);
      return new SstReader(engine, path, fileNumber, cache, file, size, footer, topHeap, properties);
    } catch (RuntimeException e) {
      engine.close(file);
      throw e;
    }
  }

  private static IoFile openDirectIfPossible(IoEngine engine, Path path) {
    try {
      return engine.open(path, OpenFlag.DIRECT);
    } catch (StorageIoException e) {
      if (e.errno() != Errno.EINVAL && e.errno() != 0) {
        throw e;
      }
      return engine.open(path);
    }
  }

  /** Reads {@code count} pages from {@code page} into an aligned buffer of {@code arena}, blocking. */
  static MemorySegment readPages(IoQueue queue, IoFile file, long page, int count, Arena arena, BlockKind kind) {
    long bytes = (long) count * SstFormat.PAGE_BYTES;
    MemorySegment buf = arena.allocate(bytes, SstFormat.PAGE_BYTES);
    Promise<Void> p = queue.await(queue.read(file, page * SstFormat.PAGE_BYTES, buf));
    long n;
    try {
      n = p.getLong();
    } finally {
      p.release();
    }
    if (n != bytes) {
      throw new CorruptionException(file.path(), page * SstFormat.PAGE_BYTES, kind.label(),
          "short read: " + n + " of " + bytes + " bytes (file truncated?)");
    }
    return buf;
  }

  // ---------------------------------------------------------------------------------------------------- lookups

  /**
   * The newest entry of {@code key} with sequence {@code <= snapshotSeq}. FOUND fills {@code out} (kind, seq, a
   * copy of the value); ABSENT; or MISS with {@code out.missPage} the page to {@link #load} before calling again.
   * Never does I/O.
   *
   * @param keyHash {@link dev.cascade.engine.key.KeyHash#of} of the key
   */
  public int get(MemorySegment key, long keyHash, long snapshotSeq, LookupResult out) {
    checkOpen();
    out.reset();
    long target = targetTrailer(snapshotSeq, TRAILER_KIND_MAX);
    int part = topBlock.search(key, target, false);
    if (part == topBlock.count()) {
      return ABSENT;
    }
    int h = cache.tryPin(this, filterPages[part]);
    if (h < 0) {
      out.missPage = filterPages[part];
      return MISS;
    }
    try {
      MemorySegment page = cache.freshFrame(h);
      BlockHeader.checkFields(path, filterPages[part] * SstFormat.PAGE_BYTES, page, BlockKind.FILTER,
          SstFormat.PAGE_PAYLOAD_BYTES_MAX);
      if (!BloomFilter.mayContain(page, keyHash)) {
        return ABSENT;
      }
    } finally {
      cache.unpin(h);
    }
    h = cache.tryPin(this, indexPages[part]);
    if (h < 0) {
      out.missPage = indexPages[part];
      return MISS;
    }
    long blockPage;
    int blockPages;
    try {
      EntryBlock index = indexBlock(cache.freshFrame(h), indexPages[part], indexHeap, indexBlock);
      int b = index.search(key, target, false);
      if (b == index.count()) {
        throw index.corrupt("its last key sorts before the top index's separator for it");
      }
      index.decode(b);
      blockPage = blockPage(index);
      blockPages = blockPages(index, blockPage);
    } finally {
      cache.unpin(h);
    }
    return blockPages == 1 ? getInPage(key, target, blockPage, out) : getInRun(key, target, blockPage, blockPages, out);
  }

  private int getInPage(MemorySegment key, long target, long page, LookupResult out) {
    int h = cache.tryPin(this, page);
    if (h < 0) {
      out.missPage = page;
      return MISS;
    }
    try {
      MemorySegment frame = cache.freshFrame(h);
      heapScratch = heapBuffer(heapScratch, frame);
      // Out of the frame even when stored raw: entries decode from a heap array far faster than through a
      // segment's checked accessors, and the copy of one page costs less than that.
      return find(detachedBlock(frame, page, heapScratch, this::offHeapScratch, codec, dataBlock), key, target, out);
    } finally {
      cache.unpin(h);
    }
  }

  private int getInRun(MemorySegment key, long target, long page, int pages, LookupResult out) {
    if (runPage != page) {
      runStarts.put(page, pages);
      out.missPage = page;
      return MISS;
    }
    try {
      return find(dataBlock.reset(runPayload, path, page * SstFormat.PAGE_BYTES, BlockKind.DATA), key, target, out);
    } finally {
      dropRun(); // a run is read for one lookup; holding up to 64 MiB longer would be a hidden cache
    }
  }

  private int find(EntryBlock block, MemorySegment key, long target, LookupResult out) {
    int i = block.search(key, target, false);
    if (i == block.count()) {
      throw block.corrupt("its last key sorts before the index's separator for it");
    }
    block.decode(i);
    if (MemorySegment.mismatch(block.segment(), block.keyAt, block.keyAt + block.keyLength, key, 0,
        key.byteSize()) >= 0) {
      return ABSENT;
    }
    out.kind = kindOf(block);
    out.seq = block.trailer >>> 8;
    out.value = out.kind == EntryKind.DELETE ? null
        : Segments.toBytes(block.segment().asSlice(block.valueAt, block.valueLength));
    return FOUND;
  }

  static EntryKind kindOf(EntryBlock block) {
    EntryKind kind = EntryKind.ofCode((int) (block.trailer & 0xff));
    if (kind == null || kind == EntryKind.RANGE_DELETE) {
      throw block.corrupt("entry kind code " + (block.trailer & 0xff) + " is not a point entry kind");
    }
    return kind;
  }

  /** Like {@link #get}, but loads what is missing, blocking in {@code queue.await}. True when FOUND. */
  public boolean getBlocking(IoQueue queue, MemorySegment key, long keyHash, long snapshotSeq, LookupResult out) {
    while (true) {
      int r = get(key, keyHash, snapshotSeq, out);
      if (r != MISS) {
        return r == FOUND;
      }
      Promise<Void> p = queue.await(load(queue, out.missPage));
      p.get(); // rethrows the load's failure
    }
  }

  /**
   * Loads the page a {@link #get} reported missing: through the cache for a single page; into this reader's run
   * slot (outside the cache) for the first page of a run. The promise belongs to {@code queue}'s loop.
   */
  public Promise<Void> load(IoQueue queue, long pageNo) {
    checkOpen();
    Integer runPages = runStarts.get(pageNo);
    if (runPages == null) {
      return cache.load(queue, this, pageNo);
    }
    int pages = runPages;
    Arena runMemory = Arena.ofShared();
    MemorySegment buf = runMemory.allocate((long) pages * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
    Promise<Void> read = queue.read(file, pageNo * SstFormat.PAGE_BYTES, buf);
    Promise<Void> done = new Promise<>(read.loop());
    read.onComplete(r -> {
      try {
        if (r.getLong() != buf.byteSize()) {
          throw new CorruptionException(path, pageNo * SstFormat.PAGE_BYTES, BlockKind.DATA.label(),
              "short read of a run: " + r.getLong() + " of " + buf.byteSize() + " bytes");
        }
        MemorySegment payload = runPayload(buf, pageNo, runMemory, codec);
        dropRun();
        runPage = pageNo;
        runArena = runMemory;
        runPayload = payload;
        done.complete(null);
      } catch (RuntimeException e) {
        runMemory.close();
        done.fail(e);
      }
    });
    return done;
  }

  private void dropRun() {
    if (runArena != null) {
      runArena.close();
    }
    runArena = null;
    runPayload = null;
    runPage = -1;
  }

  // ------------------------------------------------------------------------------------------- block decoding

  static long targetTrailer(long seq, long kindCode) {
    long s = Math.max(0, Math.min(seq, Limits.SEQUENCE_MAX));
    return s << 8 | kindCode;
  }

  /**
   * Copies the payload of the verified index page {@code page} (a frame, which the caller may unpin at once) into
   * {@code heap} (a page long: an index block is one page) and re-points {@code into} at the copy. Index blocks are
   * searched there: the copy streams the page in at once, and the search then reads an array rather than a frame
   * through checked accessors, a cache miss at each probe.
   */
  EntryBlock indexBlock(MemorySegment frame, long page, MemorySegment heap, EntryBlock into) {
    long offset = page * SstFormat.PAGE_BYTES;
    BlockHeader.checkFields(path, offset, frame, BlockKind.INDEX, SstFormat.PAGE_PAYLOAD_BYTES_MAX);
    int stored = (int) BlockHeader.storedBytes(frame);
    MemorySegment.copy(frame, SstFormat.HEADER_BYTES, heap, 0, stored);
    return into.reset(heap, stored, path, offset, BlockKind.INDEX);
  }

  /** The first page of the block of the index entry {@code index} is positioned on. */
  long blockPage(EntryBlock index) {
    if (index.valueLength != SstFormat.INDEX_VALUE_BYTES) {
      throw index.corrupt("index entry value of " + index.valueLength + " bytes, not "
          + SstFormat.INDEX_VALUE_BYTES);
    }
    long page = index.segment().get(BlockHeader.U64, index.valueAt);
    if (page < 0 || page >= dataPages) {
      throw index.corrupt("data page " + page + " outside the " + dataPages + " data pages");
    }
    return page;
  }

  /** The page count of the block of the index entry {@code index} is positioned on. */
  int blockPages(EntryBlock index, long page) {
    long pages = Integer.toUnsignedLong(index.segment().get(BlockHeader.U32, index.valueAt + 8));
    if (pages < 1 || pages > SstFormat.RUN_PAGES_MAX || page + pages > dataPages) {
      throw index.corrupt("run of " + pages + " pages at page " + page + " beyond the data pages or RUN_PAGES_MAX "
          + SstFormat.RUN_PAGES_MAX);
    }
    return (int) pages;
  }

  /** Smallest heap buffer for decompressed blocks: most data blocks decompress to a few pages. */
  static final int HEAP_SCRATCH_BYTES_MIN = 16 << 10;

  /**
   * {@code buffer}, or a larger one when the raw payload of the data page in {@code frame} (its header, checked
   * later; at most {@link SstFormat#BLOCK_UNCOMPRESSED_BYTES_MAX}) does not fit.
   */
  static MemorySegment heapBuffer(MemorySegment buffer, MemorySegment frame) {
    long raw = Math.min(BlockHeader.rawBytes(frame), SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX);
    return raw <= buffer.byteSize() ? buffer
        : MemorySegment.ofArray(new byte[(int) Math.max(raw, Math.min(2 * buffer.byteSize(),
            SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX))]);
  }

  private MemorySegment offHeapScratch() {
    if (offHeapScratch == null) {
      offHeapScratch = arena.allocate(SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX, SstFormat.PAGE_BYTES);
    }
    return offHeapScratch;
  }

  /**
   * {@code block} re-pointed at the uncompressed payload of a verified one-page data block, out of the frame (which
   * the caller may unpin at once): decompressed or copied into the start of {@code heap} (NONE, LZ4; large enough
   * for the page's raw bytes), or of the segment {@code offHeap} supplies for ZSTD, whose binding takes direct
   * buffers only. An iterator reads the entries of a heap payload from its array ({@link EntryBlock}). No slice is
   * made: the block reads the buffer up to the payload's length.
   */
  EntryBlock detachedBlock(MemorySegment frame, long page, MemorySegment heap, Supplier<MemorySegment> offHeap,
      BlockCodec codec, EntryBlock block) {
    long offset = page * SstFormat.PAGE_BYTES;
    BlockHeader.checkFields(path, offset, frame, BlockKind.DATA, SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX);
    Compression c = BlockHeader.compression(frame);
    int stored = (int) BlockHeader.storedBytes(frame);
    int raw = (int) BlockHeader.rawBytes(frame);
    MemorySegment into = c == Compression.ZSTD ? offHeap.get() : heap;
    codec.decompress(c, frame.asSlice(SstFormat.HEADER_BYTES, stored), stored, into, raw, path, offset,
        BlockKind.DATA);
    return block.reset(into, raw, path, offset, BlockKind.DATA);
  }

  /** Verifies a run read into {@code block} and returns its uncompressed payload (in place, or in {@code arena}). */
  MemorySegment runPayload(MemorySegment block, long page, Arena arena, BlockCodec codec) {
    long offset = page * SstFormat.PAGE_BYTES;
    BlockHeader.verify(path, offset, block, BlockKind.DATA, SstFormat.RUN_UNCOMPRESSED_BYTES_MAX);
    Compression c = BlockHeader.compression(block);
    int stored = (int) BlockHeader.storedBytes(block);
    MemorySegment payload = block.asSlice(SstFormat.HEADER_BYTES, stored);
    if (c == Compression.NONE) {
      return payload;
    }
    int raw = (int) BlockHeader.rawBytes(block);
    MemorySegment out = arena.allocate(raw, SstFormat.PAGE_BYTES);
    codec.decompress(c, payload, stored, out, raw, path, offset, BlockKind.DATA);
    return out;
  }

  // ------------------------------------------------------------------------------------------------ CachedFile

  @Override
  public long cacheId() {
    return fileNumber;
  }

  @Override
  public IoFile ioFile() {
    return file;
  }

  /**
   * Checks a page read into the cache: its checksum, and that it is the one-page block its place in the file says
   * (a data page before the partitions, then filter and index pages alternating).
   */
  @Override
  public void verifyPage(long pageNo, MemorySegment page) {
    long offset = pageNo * SstFormat.PAGE_BYTES;
    BlockKind kind = pageNo < dataPages ? BlockKind.DATA
        : (pageNo - dataPages) % 2 == 0 ? BlockKind.FILTER : BlockKind.INDEX;
    if (pageNo < 0 || pageNo >= dataPages + 2L * indexPages.length) {
      throw new IllegalArgumentException("page " + pageNo + " of " + path + " is not a data, filter or index page");
    }
    int stored = page.get(BlockHeader.U32, BlockHeader.CRC_AT);
    int computed = BlockHeader.checksum(page);
    if (stored != computed) {
      long pages = BlockHeader.pageCount(page);
      throw new CorruptionException(path, offset, kind.label(), "checksum mismatch (stored 0x"
          + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(computed) + ")"
          + (pages > 1 ? "; the header says the block spans " + pages + " pages: runs are read with SstReader.load"
              : ""));
    }
    int rawMax = kind == BlockKind.DATA ? SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX : SstFormat.PAGE_PAYLOAD_BYTES_MAX;
    BlockHeader.checkFields(path, offset, page, kind, rawMax);
    if (kind == BlockKind.FILTER) {
      BloomFilter.check(path, offset, page);
    }
  }

  // ------------------------------------------------------------------------------------------------- iteration

  /** A new iterator over every entry; it pins pages with {@code cache.pin}, blocking in {@code queue}. */
  public InternalIterator iterator(IoQueue queue) {
    checkOpen();
    return new SstIterator(this, queue);
  }

  PageCache cache() {
    return cache;
  }

  MemorySegment topIndex() {
    return topIndex;
  }

  long topIndexOffset() {
    return topIndexOffset;
  }

  long indexPage(int partition) {
    return indexPages[partition];
  }

  int partitionCount() {
    return indexPages.length;
  }

  // ---------------------------------------------------------------------------------------------- accessors

  public SstProperties properties() {
    return properties;
  }

  public long fileNumber() {
    return fileNumber;
  }

  public Path path() {
    return path;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SST reader for " + path + " is closed");
    }
  }

  /** Evicts this file's pages from the cache and closes the file. Iterators must be closed first. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      cache.evict(this);
      dropRun();
      codec.close();
      arena.close();
    } finally {
      engine.close(file);
    }
  }

  @Override
  public String toString() {
    return "SstReader[" + path + ", file " + fileNumber + ", " + sizeBytes + " bytes]";
  }
}
