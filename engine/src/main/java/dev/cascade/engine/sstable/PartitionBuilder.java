package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import java.lang.foreign.MemorySegment;

/**
 * Collects one partition as the writer emits data blocks: the index entries (last internal key of each block →
 * first page, page count) and the hashes of the distinct user keys for the filter. A partition is full when one
 * more block's index entry would overflow its index page or its keys would overflow the filter page; the writer
 * asks {@link #fits} before adding a block and closes the partition when it does not.
 *
 * <p>Thread ownership: owned by its writer.
 */
final class PartitionBuilder {
  /** Fewest bytes of an index entry (empty key): two varints, trailer, value. */
  private static final int INDEX_ENTRY_BYTES_MIN = 1 + 1 + 8 + SstFormat.INDEX_VALUE_BYTES;
  private static final int INDEX_ENTRIES_MAX = SstFormat.PAGE_PAYLOAD_BYTES_MAX / (INDEX_ENTRY_BYTES_MIN + 4);

  private final int bitsPerKey;
  private final int keysMax;
  private final long[] hashes;
  private int keyCount;
  private final MemorySegment index = MemorySegment.ofArray(new byte[SstFormat.PAGE_PAYLOAD_BYTES_MAX]);
  private final MemorySegment indexValue = MemorySegment.ofArray(new byte[SstFormat.INDEX_VALUE_BYTES]);
  private final int[] offsets = new int[INDEX_ENTRIES_MAX];
  private int entries;
  private int indexEnd;
  private byte[] lastKey;
  private long lastTrailer;

  PartitionBuilder(int bitsPerKey) {
    this.bitsPerKey = bitsPerKey;
    this.keysMax = BloomFilter.keysMax(bitsPerKey);
    this.hashes = new long[keysMax];
  }

  /** Most distinct keys of one partition (and so of one block). */
  int keysMax() {
    return keysMax;
  }

  boolean isEmpty() {
    return entries == 0;
  }

  int keyCount() {
    return keyCount;
  }

  /** Whether a block with separator key of {@code keyLength} bytes and {@code newKeys} new keys still fits. */
  boolean fits(int keyLength, int newKeys) {
    int bytes = indexEnd + EntryCodec.entryBytes(keyLength, SstFormat.INDEX_VALUE_BYTES) + 4 * (entries + 1) + 4;
    return bytes <= SstFormat.PAGE_PAYLOAD_BYTES_MAX && keyCount + newKeys <= keysMax && entries < INDEX_ENTRIES_MAX;
  }

  void addKey(long hash) {
    hashes[keyCount++] = hash;
  }

  void addBlock(MemorySegment separatorKey, long separatorTrailer, long firstPage, int pageCount) {
    assert fits((int) separatorKey.byteSize(), 0);
    indexValue.set(BlockHeader.U64, 0, firstPage);
    indexValue.set(BlockHeader.U32, 8, pageCount);
    offsets[entries++] = indexEnd;
    indexEnd = (int) EntryCodec.putEntry(index, indexEnd, separatorKey, separatorTrailer, indexValue);
    lastKey = separatorKey.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    lastTrailer = separatorTrailer;
  }

  /** The partition's separator: the last internal key of its last block. */
  byte[] lastKey() {
    return lastKey;
  }

  long lastTrailer() {
    return lastTrailer;
  }

  /** Writes and seals the filter page into {@code page} (4096 zeroed bytes). */
  void writeFilter(MemorySegment page) {
    int payload = BloomFilter.build(page, hashes, keyCount, bitsPerKey);
    BlockHeader.seal(page, BlockKind.FILTER, Compression.NONE, payload, payload);
  }

  /** Writes and seals the index page into {@code page} (4096 zeroed bytes). */
  void writeIndex(MemorySegment page) {
    long at = SstFormat.HEADER_BYTES;
    MemorySegment.copy(index, 0, page, at, indexEnd);
    long offsetsAt = at + indexEnd;
    for (int i = 0; i < entries; i++) {
      page.set(BlockHeader.U32, offsetsAt + 4L * i, offsets[i]);
    }
    page.set(BlockHeader.U32, offsetsAt + 4L * entries, entries);
    int payload = indexEnd + 4 * entries + 4;
    BlockHeader.seal(page, BlockKind.INDEX, Compression.NONE, payload, payload);
  }

  void reset() {
    keyCount = 0;
    entries = 0;
    indexEnd = 0;
    lastKey = null;
  }
}
