package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Packs data entries into blocks whose compressed payload fills one page. Compression cannot be done a little at
 * a time, so the packer guesses: it collects entries up to a raw-size target derived from the previous block's
 * ratio, compresses, and then either emits (the page is at least {@link #FILL_GOAL} full), raises the target and
 * keeps the fitting result in reserve (room left), or, when the result overflows, emits the reserve or retries
 * with a shorter prefix sized by the observed ratio. On data that compresses evenly this is one compression per
 * page, and about two when the ratio drifts.
 *
 * <p>Compression that does not pay is dropped: the page cache keeps blocks as stored, so every read of a compressed
 * block decompresses it again (RocksDB's and Pebble's block caches hold blocks uncompressed, and they store a
 * block raw when it shrinks by less than an eighth; a read here pays more, so the bar is higher). Once the first
 * {@link #PROBE_BLOCKS} page-filling blocks of a file have shrunk by less than {@link #SAVING_MIN} together, the
 * rest of the file is stored uncompressed ({@link #compression()} turns to NONE); data that compresses that
 * badly at its start seldom does better later, and the next compaction of the data probes again.
 *
 * <p>A block also ends at {@link SstFormat#BLOCK_UNCOMPRESSED_BYTES_MAX} raw bytes and at {@code entriesMax}
 * entries (so that its keys fit one filter page). A single entry that does not fit a page even compressed is
 * emitted alone; the sink writes it as a run of pages.
 *
 * <p>Thread ownership: owned by its writer.
 */
final class BlockPacker implements AutoCloseable {
  /** A block is emitted once its stored payload reaches this share of a page. */
  static final double FILL_GOAL = 0.90;
  /** Targets aim this far below a full page, so that a small drift in ratio still fits. */
  static final double SLACK = 0.97;
  /** Page-filling compressed blocks whose saving decides whether the file stays compressed. */
  static final int PROBE_BLOCKS = 8;
  /** The share of the raw bytes compression must save over the probe blocks for the file to stay compressed. */
  static final double SAVING_MIN = 0.25;

  /** Receives the blocks, in order. */
  interface Sink {
    /**
     * A block of the first {@code entries} pending entries (see {@link #keyAt}, {@link #hash}...), whose payload
     * is {@code payload[0, storedBytes)}, stored with {@code compression}.
     */
    void block(BlockPacker packer, int entries, MemorySegment payload, int storedBytes, int rawBytes,
        Compression compression);
  }

  /** The compression of the blocks to come: the configured one, or NONE once it did not pay. */
  private Compression compression;
  private final BlockCodec codec;
  private final int entriesMax;
  private final Sink sink;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment raw;
  private final MemorySegment staging;
  private MemorySegment trialOut;
  private MemorySegment fitOut;

  private final int[] start;
  private final int[] keyOffset;
  private final int[] keyLength;
  private final long[] trailer;
  private final long[] hash;
  private final boolean[] sameKeyAsPrevious;
  private int n;

  private double target;
  private int fitCount;
  private int fitStored;
  private Compression fitCompression;
  private Compression trialCompression;
  private long compressions;
  /** Page-filling compressed blocks emitted so far (up to {@link #PROBE_BLOCKS}), their raw and stored bytes. */
  private int probed;
  private long probedRaw;
  private long probedStored;

  BlockPacker(Compression compression, int zstdLevel, int entriesMax, Sink sink) {
    this.compression = compression;
    this.codec = new BlockCodec(zstdLevel);
    this.entriesMax = entriesMax;
    this.sink = sink;
    int cap = SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX;
    this.raw = arena.allocate(cap, SstFormat.PAGE_BYTES);
    this.staging = arena.allocate(cap, SstFormat.PAGE_BYTES);
    this.trialOut = arena.allocate(cap, SstFormat.PAGE_BYTES);
    this.fitOut = arena.allocate(cap, SstFormat.PAGE_BYTES);
    this.start = new int[entriesMax + 1];
    this.keyOffset = new int[entriesMax];
    this.keyLength = new int[entriesMax];
    this.trailer = new long[entriesMax];
    this.hash = new long[entriesMax];
    this.sameKeyAsPrevious = new boolean[entriesMax];
    // A first guess of 2:1 for compressors; exact for NONE.
    this.target = compression == Compression.NONE ? SstFormat.PAGE_PAYLOAD_BYTES_MAX
        : 2.0 * SstFormat.PAGE_PAYLOAD_BYTES_MAX;
  }

  /** Raw bytes of a block holding the first {@code k} pending entries: entries, offsets, count. */
  private int rawSize(int k) {
    return start[k] + 4 * k + 4;
  }

  /** Raw bytes pending (for size estimates). */
  long pendingRawBytes() {
    return n == 0 ? 0 : rawSize(n);
  }

  /** Compressor calls so far (for tests of the packing policy). */
  long compressions() {
    return compressions;
  }

  /** The compression of the blocks to come (NONE once the configured one did not pay). */
  Compression compression() {
    return compression;
  }

  /** The latest target as a compression ratio estimate: stored bytes per raw byte. */
  double ratioEstimate() {
    return Math.min(1.0, SstFormat.PAGE_PAYLOAD_BYTES_MAX / target);
  }

  /** Whether an entry of {@code entryBytes} encoded bytes can go in a packed block at all (else: a run). */
  static boolean packable(int entryBytes) {
    return entryBytes + 8L <= SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX;
  }

  /** Adds an entry (already validated and in order); may emit blocks to the sink. */
  void add(MemorySegment key, long entryTrailer, MemorySegment value, long keyHash, boolean sameAsPrevious) {
    int bytes = EntryCodec.entryBytes((int) key.byteSize(), (int) value.byteSize());
    assert packable(bytes);
    if (n > 0 && (rawSize(n) + bytes + 4 > SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX || n == entriesMax)) {
      flush();
    }
    start[n + 1] = (int) EntryCodec.putEntry(raw, start[n], key, entryTrailer, value);
    keyLength[n] = (int) key.byteSize();
    keyOffset[n] = start[n + 1] - keyLength[n] - 8 - (int) value.byteSize();
    trailer[n] = entryTrailer;
    hash[n] = keyHash;
    sameKeyAsPrevious[n] = sameAsPrevious;
    n++;
    if (rawSize(n) > target) {
      settle(false);
    }
  }

  /** Emits every pending entry. */
  void flush() {
    settle(true);
  }

  private void settle(boolean finishing) {
    int trial = n;
    while (n > 0) {
      if (!finishing && trial == n && rawSize(n) <= target) {
        return;
      }
      if (compression == Compression.NONE && trial > 1 && rawSize(trial) > SstFormat.PAGE_PAYLOAD_BYTES_MAX) {
        // Uncompressed sizes are exact: cut at the last entry that fits without a trial copy.
        while (trial > 1 && rawSize(trial) > SstFormat.PAGE_PAYLOAD_BYTES_MAX) {
          trial--;
        }
      }
      int stored = compress(trial);
      if (stored <= SstFormat.PAGE_PAYLOAD_BYTES_MAX) {
        if (trial < n || finishing || stored >= FILL_GOAL * SstFormat.PAGE_PAYLOAD_BYTES_MAX) {
          emit(trial, trialOut, stored, trialCompression);
          trial = n;
          continue;
        }
        keepAsFit(trial, stored);
        target = Math.min(SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX, (double) rawSize(trial) * goalBytes() / stored);
        return;
      }
      if (fitCount > 0) {
        emit(fitCount, fitOut, fitStored, fitCompression);
        trial = n;
        continue;
      }
      if (trial == 1) {
        emit(1, trialOut, stored, trialCompression); // too large for a page even compressed: a run
        trial = n;
        continue;
      }
      double limit = (double) rawSize(trial) * goalBytes() / stored;
      int k = trial - 1;
      while (k > 1 && rawSize(k) > limit) {
        k--;
      }
      trial = k;
    }
  }

  private double goalBytes() {
    return compression == Compression.NONE ? SstFormat.PAGE_PAYLOAD_BYTES_MAX : SLACK * SstFormat.PAGE_PAYLOAD_BYTES_MAX;
  }

  private void keepAsFit(int count, int stored) {
    MemorySegment t = fitOut;
    fitOut = trialOut;
    trialOut = t;
    fitCount = count;
    fitStored = stored;
    fitCompression = trialCompression;
  }

  /** Lays out the first k entries as a block in {@code staging}, and compresses it into {@code trialOut}. */
  private int compress(int k) {
    int end = start[k];
    MemorySegment.copy(raw, 0, staging, 0, end);
    for (int i = 0; i < k; i++) {
      staging.set(BlockHeader.U32, end + 4L * i, start[i]);
    }
    staging.set(BlockHeader.U32, end + 4L * k, k);
    int rawBytes = rawSize(k);
    if (compression != Compression.NONE) {
      compressions++;
    }
    int c = codec.compress(compression, staging, rawBytes, trialOut);
    if (c < 0) {
      MemorySegment.copy(staging, 0, trialOut, 0, rawBytes);
      trialCompression = Compression.NONE;
      return rawBytes;
    }
    trialCompression = compression;
    return c;
  }

  private void emit(int k, MemorySegment payload, int stored, Compression c) {
    int rawBytes = rawSize(k);
    sink.block(this, k, payload, stored, rawBytes, c);
    if (stored <= SstFormat.PAGE_PAYLOAD_BYTES_MAX) {
      // Only blocks that fill a page teach the ratio; a run's ratio says nothing about small entries.
      target = Math.min(SstFormat.BLOCK_UNCOMPRESSED_BYTES_MAX, (double) rawBytes * goalBytes() / stored);
      if (stored < FILL_GOAL * SstFormat.PAGE_PAYLOAD_BYTES_MAX && k == n) {
        target = Math.max(target, SstFormat.PAGE_PAYLOAD_BYTES_MAX); // a final short block says little either
      } else if (compression != Compression.NONE) {
        probe(rawBytes, stored);
      }
    }
    int shift = start[k];
    int rest = n - k;
    MemorySegment.copy(raw, shift, raw, 0, start[n] - shift);
    for (int i = 0; i <= rest; i++) {
      start[i] = start[k + i] - shift;
    }
    for (int i = 0; i < rest; i++) {
      keyOffset[i] = keyOffset[k + i] - shift;
    }
    System.arraycopy(keyLength, k, keyLength, 0, rest);
    System.arraycopy(trailer, k, trailer, 0, rest);
    System.arraycopy(hash, k, hash, 0, rest);
    System.arraycopy(sameKeyAsPrevious, k, sameKeyAsPrevious, 0, rest);
    n = rest;
    fitCount = 0;
  }

  /** Counts a page-filling block towards the probe; turns compression off when the probe shows it does not pay. */
  private void probe(int rawBytes, int stored) {
    if (probed == PROBE_BLOCKS) {
      return;
    }
    probed++;
    probedRaw += rawBytes;
    probedStored += stored;
    if (probed == PROBE_BLOCKS && probedStored > (1 - SAVING_MIN) * probedRaw) {
      compression = Compression.NONE;
      target = SstFormat.PAGE_PAYLOAD_BYTES_MAX;
    }
  }

  // Accessors of pending entry i, valid during Sink.block for i < entries.

  MemorySegment keyAt(int i) {
    return raw.asSlice(keyOffset[i], keyLength[i]);
  }

  long trailerAt(int i) {
    return trailer[i];
  }

  long hashAt(int i) {
    return hash[i];
  }

  boolean sameKeyAsPreviousAt(int i) {
    return sameKeyAsPrevious[i];
  }

  /** The packer's codec, for the writer's runs. */
  BlockCodec codec() {
    return codec;
  }

  @Override
  public void close() {
    codec.close();
    arena.close();
  }
}
