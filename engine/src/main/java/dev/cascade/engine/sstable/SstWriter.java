package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.cache.PageCache;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyHash;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes one SST file (format in {@code engine/docs/sst-format.md}): entries arrive in strictly increasing
 * internal order and are packed into page-sized compressed data blocks ({@link BlockPacker}), written through the
 * queue as they fill; filter and index partitions are collected on the heap and written after the data pages,
 * then the top index, the properties and the footer. {@link #finish()} waits for every write and fdatasyncs.
 *
 * <p>Thread ownership: owned by the thread (shard) that owns {@code queue}.
 */
public final class SstWriter implements AutoCloseable {
  private final IoEngine engine;
  private final IoQueue queue;
  private final Path path;
  private final long fileNumber;
  private final SstOptions options;
  private final IoFile file;
  private final PageWriter pages;
  private final BlockPacker packer;
  private final PartitionBuilder partition;
  private final List<ClosedPartition> partitions = new ArrayList<>();

  private final MemorySegment lastKey = MemorySegment.ofArray(new byte[Limits.KEY_BYTES_MAX]);
  private long lastKeyLength = -1;
  private long lastTrailer;
  private byte[] smallestKey;
  private long smallestSeq = Long.MAX_VALUE;
  private long largestSeq = -1;
  private long entryCount;
  private long deleteCount;
  private long valuePointerCount;
  private long rawKeyBytes;
  private long rawValueBytes;
  private long dataBlockCount;
  private long runCount;
  private long dataRawBytes;
  private long dataStoredBytes;
  private boolean finished;
  private boolean closed;
  /** The cache the data, filter and index pages go to as they are written, or null. */
  private PageCache cacheOnWrite;

  /** A partition whose pages are built and wait for the end of the data pages. */
  private record ClosedPartition(byte[] filterPage, byte[] indexPage, byte[] lastKey, long lastTrailer) {}

  public SstWriter(IoEngine engine, IoQueue queue, Path path, long fileNumber, SstOptions options) {
    this.engine = engine;
    this.queue = queue;
    this.path = path;
    this.fileNumber = fileNumber;
    this.options = Objects.requireNonNull(options, "options");
    this.file = openDirectIfPossible(engine, path);
    this.pages = new PageWriter(queue, file);
    this.partition = new PartitionBuilder(options.bloomBitsPerKey());
    this.packer = new BlockPacker(options.compression(), options.zstdLevel(), partition.keysMax(), this::onBlock);
  }

  /**
   * Puts the data, filter and index pages into {@code cache} as they are written ({@link PageCache#offer}), under
   * this file's number as its cache id, as {@link SstReader} reads them: a flush's output is the data most likely
   * to be read next, and an O_DIRECT file leaves no copy in the OS page cache. An abandoned file's pages are
   * evicted again. Call before the first {@link #add}.
   */
  public void cacheOnWrite(PageCache cache) {
    this.cacheOnWrite = Objects.requireNonNull(cache, "cache");
    pages.offerTo((pageNo, page) -> cache.offer(fileNumber, pageNo, page));
  }

  private static IoFile openDirectIfPossible(IoEngine engine, Path path) {
    try {
      return engine.open(path, OpenFlag.CREATE, OpenFlag.TRUNCATE, OpenFlag.DIRECT);
    } catch (StorageIoException e) {
      if (e.errno() != Errno.EINVAL && e.errno() != 0) {
        throw e;
      }
      // The file system refuses O_DIRECT (tmpfs on older kernels...): buffered I/O, same bytes.
      return engine.open(path, OpenFlag.CREATE, OpenFlag.TRUNCATE);
    }
  }

  /**
   * Adds an entry. Entries must come in strictly increasing internal order (key ascending, then sequence
   * descending); DELETE carries no value (null or empty), RANGE_DELETE is refused (range tombstones live in the
   * shard's version state).
   */
  public void add(MemorySegment key, long seq, EntryKind kind, MemorySegment value) {
    checkOpen();
    MemorySegment v = validate(key, seq, kind, value);
    long trailer = KeyOrder.trailer(seq, kind);
    boolean sameKey = lastKeyLength >= 0 && lastKeyLength == key.byteSize()
        && MemorySegment.mismatch(lastKey, 0, lastKeyLength, key, 0, key.byteSize()) < 0;
    if (lastKeyLength >= 0
        && EntryCodec.compare(lastKey, 0, (int) lastKeyLength, lastTrailer, key, trailer) >= 0) {
      throw new IllegalArgumentException("entries must be added in strictly increasing internal order: key "
          + hex(key) + " seq " + seq + " " + kind + " after key " + hex(lastKey.asSlice(0, lastKeyLength)) + " seq "
          + KeyOrder.trailerSequence(lastTrailer));
    }
    // Hashed even for another version of the same key: it goes in the next partition's filter if it opens one.
    long hash = KeyHash.of(key);
    int entryBytes = EntryCodec.entryBytes((int) key.byteSize(), (int) v.byteSize());
    if (BlockPacker.packable(entryBytes)) {
      packer.add(key, trailer, v, hash, sameKey);
    } else {
      packer.flush();
      writeRun(key, trailer, v, hash, sameKey, entryBytes);
    }
    remember(key, seq, kind, trailer, v);
  }

  private MemorySegment validate(MemorySegment key, long seq, EntryKind kind, MemorySegment value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    if (kind == EntryKind.RANGE_DELETE) {
      throw new IllegalArgumentException("RANGE_DELETE entries do not go in SST files: range tombstones live in "
          + "the shard's version state");
    }
    if (key.byteSize() > Limits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException("key of " + key.byteSize() + " bytes exceeds KEY_BYTES_MAX "
          + Limits.KEY_BYTES_MAX);
    }
    if (seq < 0 || seq > Limits.SEQUENCE_MAX) {
      throw new IllegalArgumentException("sequence " + seq + " outside [0, " + Limits.SEQUENCE_MAX + "]");
    }
    MemorySegment v = value == null ? MemorySegment.ofArray(new byte[0]) : value;
    if (kind == EntryKind.DELETE && v.byteSize() != 0) {
      throw new IllegalArgumentException("a DELETE carries no value, got " + v.byteSize() + " bytes");
    }
    if (kind != EntryKind.DELETE && value == null) {
      throw new NullPointerException("value of a " + kind);
    }
    if (v.byteSize() > Limits.VALUE_BYTES_MAX) {
      throw new IllegalArgumentException("value of " + v.byteSize() + " bytes exceeds VALUE_BYTES_MAX "
          + Limits.VALUE_BYTES_MAX);
    }
    return v;
  }

  private void remember(MemorySegment key, long seq, EntryKind kind, long trailer, MemorySegment value) {
    if (entryCount == 0) {
      smallestKey = key.toArray(ValueLayout.JAVA_BYTE);
    }
    MemorySegment.copy(key, 0, lastKey, 0, key.byteSize());
    lastKeyLength = key.byteSize();
    lastTrailer = trailer;
    smallestSeq = Math.min(smallestSeq, seq);
    largestSeq = Math.max(largestSeq, seq);
    entryCount++;
    rawKeyBytes += key.byteSize();
    rawValueBytes += value.byteSize();
    if (kind == EntryKind.DELETE) {
      deleteCount++;
    } else if (kind == EntryKind.VALUE_POINTER) {
      valuePointerCount++;
    }
  }

  /** An entry too large for a packed block: a block of its own spanning as many pages as it needs. */
  private void writeRun(MemorySegment key, long trailer, MemorySegment value, long hash, boolean sameKey,
      int entryBytes) {
    int rawBytes = entryBytes + 8;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment raw = arena.allocate(rawBytes, SstFormat.PAGE_BYTES);
      EntryCodec.putEntry(raw, 0, key, trailer, value);
      raw.set(BlockHeader.U32, entryBytes, 0);
      raw.set(BlockHeader.U32, entryBytes + 4, 1);
      long maxPages = SstFormat.pagesFor(rawBytes);
      MemorySegment block = arena.allocate(maxPages * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
      MemorySegment payload = block.asSlice(SstFormat.HEADER_BYTES);
      int stored = packer.codec().compress(options.compression(), raw, rawBytes, payload);
      Compression c = options.compression();
      if (stored < 0) {
        MemorySegment.copy(raw, 0, payload, 0, rawBytes);
        stored = rawBytes;
        c = Compression.NONE;
      }
      // A run always spans at least two pages, even when its entry compresses into one: readers tell a run
      // from a single-page block (whose raw size is bounded by BLOCK_UNCOMPRESSED_BYTES_MAX) by its length.
      MemorySegment sealed = block.asSlice(0, Math.max(2, SstFormat.pagesFor(stored)) * SstFormat.PAGE_BYTES);
      sealed.asSlice(SstFormat.HEADER_BYTES + (long) stored).fill((byte) 0);
      BlockHeader.seal(sealed, BlockKind.DATA, c, stored, rawBytes);
      long first = pages.append(sealed);
      int pageCount = (int) (sealed.byteSize() / SstFormat.PAGE_BYTES);
      addToPartition(first, pageCount, key, trailer, 1, i -> hash, i -> sameKey);
      countBlock(pageCount, rawBytes, stored);
    }
  }

  /** {@link BlockPacker.Sink}: writes a packed block as one page, or as a run when one entry overflows a page. */
  private void onBlock(BlockPacker p, int entries, MemorySegment payload, int stored, int rawBytes, Compression c) {
    long pageCount = SstFormat.pagesFor(stored);
    long first;
    if (pageCount == 1) {
      first = pages.nextPage();
      MemorySegment page = pages.reservePage();
      MemorySegment.copy(payload, 0, page, SstFormat.HEADER_BYTES, stored);
      BlockHeader.seal(page, BlockKind.DATA, c, stored, rawBytes);
    } else {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment block = arena.allocate(pageCount * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
        MemorySegment.copy(payload, 0, block, SstFormat.HEADER_BYTES, stored);
        BlockHeader.seal(block, BlockKind.DATA, c, stored, rawBytes);
        first = pages.append(block);
      }
    }
    int last = entries - 1;
    addToPartition(first, (int) pageCount, p.keyAt(last), p.trailerAt(last), entries, p::hashAt,
        p::sameKeyAsPreviousAt);
    countBlock(pageCount, rawBytes, stored);
  }

  private void countBlock(long pageCount, int rawBytes, int stored) {
    dataBlockCount++;
    if (pageCount > 1) {
      runCount++;
    }
    dataRawBytes += rawBytes;
    dataStoredBytes += stored;
  }

  private interface HashAt {
    long at(int i);
  }

  private interface SameAt {
    boolean at(int i);
  }

  /**
   * Adds a block to the open partition, closing it first when the block's index entry or keys would not fit. A
   * key is added to the filter when it differs from the previous entry's, or when it opens the partition (its
   * older versions may continue from the previous partition).
   */
  private void addToPartition(long firstPage, int pageCount, MemorySegment sepKey, long sepTrailer, int entries,
      HashAt hash, SameAt same) {
    int newKeys = 0;
    for (int i = 0; i < entries; i++) {
      if (!same.at(i)) {
        newKeys++;
      }
    }
    int carried = same.at(0) ? 1 : 0;
    if (!partition.isEmpty() && !partition.fits((int) sepKey.byteSize(), newKeys)) {
      closePartition();
    }
    for (int i = 0; i < entries; i++) {
      if (!same.at(i) || (i == 0 && partition.keyCount() == 0 && carried == 1)) {
        partition.addKey(hash.at(i));
      }
    }
    partition.addBlock(sepKey, sepTrailer, firstPage, pageCount);
  }

  private void closePartition() {
    MemorySegment filter = MemorySegment.ofArray(new byte[SstFormat.PAGE_BYTES]);
    MemorySegment index = MemorySegment.ofArray(new byte[SstFormat.PAGE_BYTES]);
    partition.writeFilter(filter);
    partition.writeIndex(index);
    partitions.add(new ClosedPartition((byte[]) filter.heapBase().orElseThrow(),
        (byte[]) index.heapBase().orElseThrow(), partition.lastKey(), partition.lastTrailer()));
    partition.reset();
  }

  /** Bytes written and buffered so far: the size the file would have if finished now, roughly. */
  public long estimatedSizeBytes() {
    long pending = (long) (packer.pendingRawBytes() * packer.ratioEstimate());
    return pages.nextPage() * SstFormat.PAGE_BYTES + pending + (partitions.size() + 1L) * 2 * SstFormat.PAGE_BYTES;
  }

  /** Compressions the packer has done (for tests of the packing policy). */
  long compressions() {
    return packer.compressions();
  }

  public long entryCount() {
    return entryCount;
  }

  /**
   * Writes the pending blocks, the partitions, the top index, the properties and the footer; waits for every
   * write; fdatasyncs; closes the file. An SST holds at least one entry.
   */
  /**
   * A page write in flight that a task should wait for ({@code Promise.await}) before its next {@link #add}, or
   * null. Adding without waiting is correct but may block the thread until the device has caught up.
   */
  public Promise<?> writeToWaitFor() {
    return pages.writeToWaitFor();
  }

  public SstMeta finish() {
    checkOpen();
    if (entryCount == 0) {
      throw new IllegalStateException("an SST file needs at least one entry; abandon() an empty writer");
    }
    packer.flush();
    if (!partition.isEmpty()) {
      closePartition();
    }
    long dataPages = pages.nextPage();
    for (ClosedPartition p : partitions) {
      MemorySegment.copy(MemorySegment.ofArray(p.filterPage), 0, pages.reservePage(), 0, SstFormat.PAGE_BYTES);
      MemorySegment.copy(MemorySegment.ofArray(p.indexPage), 0, pages.reservePage(), 0, SstFormat.PAGE_BYTES);
    }
    long topIndexPage = pages.nextPage();
    pages.offerPagesBelow(topIndexPage); // the reader keeps the top index, properties and footer itself
    int topIndexPages = writeTopIndex(dataPages);
    long propertiesPage = pages.nextPage();
    SstProperties props = properties(dataPages);
    int propertiesPages = writeProperties(props);
    long pageCount = pages.nextPage() + 1;
    new Footer(topIndexPage, topIndexPages, propertiesPage, propertiesPages, pageCount, fileNumber)
        .encodeTo(pages.reservePage());
    pages.finish();
    finished = true;
    closeResources();
    return new SstMeta(fileNumber, pageCount * SstFormat.PAGE_BYTES, smallestKey,
        lastKey.asSlice(0, lastKeyLength).toArray(ValueLayout.JAVA_BYTE), smallestSeq, largestSeq, entryCount,
        deleteCount);
  }

  private SstProperties properties(long dataPages) {
    return new SstProperties(fileNumber, entryCount, deleteCount, valuePointerCount, smallestSeq, largestSeq,
        dataPages, dataBlockCount, runCount, partitions.size(), rawKeyBytes, rawValueBytes, dataRawBytes,
        dataStoredBytes, options.compression(), options.bloomBitsPerKey(), smallestKey,
        lastKey.asSlice(0, lastKeyLength).toArray(ValueLayout.JAVA_BYTE));
  }

  /** The top index: one entry per partition, its separator → filter page, index page. Returns its page count. */
  private int writeTopIndex(long dataPages) {
    long bytes = 4;
    for (ClosedPartition p : partitions) {
      bytes += EntryCodec.entryBytes(p.lastKey.length, SstFormat.TOP_INDEX_VALUE_BYTES) + 4;
    }
    long pageCount = SstFormat.pagesFor(bytes);
    if (pageCount > SstFormat.TOP_INDEX_PAGES_MAX) {
      throw new IllegalStateException("top index of " + pageCount + " pages exceeds TOP_INDEX_PAGES_MAX; split the "
          + "output file earlier");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment block = arena.allocate(pageCount * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
      MemorySegment value = arena.allocate(SstFormat.TOP_INDEX_VALUE_BYTES);
      long at = SstFormat.HEADER_BYTES;
      int[] offsets = new int[partitions.size()];
      for (int i = 0; i < partitions.size(); i++) {
        ClosedPartition p = partitions.get(i);
        value.set(BlockHeader.U64, 0, dataPages + 2L * i);
        value.set(BlockHeader.U64, 8, dataPages + 2L * i + 1);
        offsets[i] = (int) (at - SstFormat.HEADER_BYTES);
        at = EntryCodec.putEntry(block, at, MemorySegment.ofArray(p.lastKey), p.lastTrailer, value);
      }
      for (int offset : offsets) {
        block.set(BlockHeader.U32, at, offset);
        at += 4;
      }
      block.set(BlockHeader.U32, at, offsets.length);
      BlockHeader.seal(block, BlockKind.TOP_INDEX, Compression.NONE, (int) bytes, (int) bytes);
      pages.append(block);
    }
    return (int) pageCount;
  }

  private int writeProperties(SstProperties props) {
    int bytes = props.encodedBytes();
    long pageCount = SstFormat.pagesFor(bytes);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment block = arena.allocate(pageCount * SstFormat.PAGE_BYTES, SstFormat.PAGE_BYTES);
      props.encodeTo(block, SstFormat.HEADER_BYTES);
      BlockHeader.seal(block, BlockKind.PROPERTIES, Compression.NONE, bytes, bytes);
      pages.append(block);
    }
    return (int) pageCount;
  }

  /** Closes and deletes a partial file. */
  public void abandon() {
    if (closed) {
      return;
    }
    closeResources();
    if (cacheOnWrite != null) {
      cacheOnWrite.evict(fileNumber);
    }
    engine.delete(path);
  }

  /** {@link #abandon()} unless finished. */
  @Override
  public void close() {
    if (!finished) {
      abandon();
    }
  }

  private void closeResources() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      pages.close();
      packer.close();
    } finally {
      engine.close(file);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("SST writer for " + path + " is " + (finished ? "finished" : "abandoned"));
    }
  }

  private static String hex(MemorySegment s) {
    return java.util.HexFormat.of().formatHex(s.toArray(ValueLayout.JAVA_BYTE));
  }

  @Override
  public String toString() {
    return "SstWriter[" + path + ", " + options + ", " + entryCount + " entries]";
  }
}
