package dev.cascade.engine.sstable;

import dev.cascade.engine.CorruptionException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The cache-line-blocked bloom filter of one partition, one page. Every probe of a key lands in one 64-byte line,
 * so a negative lookup touches one cache line of one page. From the key's 64-bit {@link
 * dev.cascade.engine.key.KeyHash}: the high 32 bits pick the line ({@code (hi * lineCount) >>> 32}); the low 32
 * bits {@code x} give the bits: for each probe, bit {@code x >>> 23} (0..511) of the line, then
 * {@code x *= 0x9E3779B9}. Bit {@code b} of a line is bit {@code b & 7} of its byte {@code b >>> 3}.
 *
 * <p>Page layout after the block header: {@code lineCount u32 | keyCount u32 | probeCount u8 | zeros to 64}, then
 * the lines from byte 64.
 *
 * <p>Stateless.
 */
final class BloomFilter {
  static final int LINE_BYTES = 64;
  static final int LINE_BITS = LINE_BYTES * 8;
  static final int LINES_AT = 64;
  static final int LINES_MAX = (SstFormat.PAGE_BYTES - LINES_AT) / LINE_BYTES;
  static final int PROBES_MAX = 16;
  static final int LINE_COUNT_AT = SstFormat.HEADER_BYTES;
  static final int KEY_COUNT_AT = SstFormat.HEADER_BYTES + 4;
  static final int PROBE_COUNT_AT = SstFormat.HEADER_BYTES + 8;
  private static final int PROBE_MULTIPLIER = 0x9E3779B9;

  private BloomFilter() {}

  /** Most distinct keys one filter page holds at {@code bitsPerKey}. */
  static int keysMax(int bitsPerKey) {
    return LINES_MAX * LINE_BITS / bitsPerKey;
  }

  static int probeCount(int bitsPerKey) {
    // ln 2 * bits per key is the classic optimum; blocking makes fewer probes slightly better, hence rounding down.
    return Math.max(1, Math.min(PROBES_MAX, (int) (bitsPerKey * 0.69)));
  }

  /** Fills a zeroed page with the filter of {@code hashes[0, n)}; returns the payload length after the header. */
  static int build(MemorySegment page, long[] hashes, int n, int bitsPerKey) {
    int lines = (int) Math.max(1, Math.min(LINES_MAX, ((long) n * bitsPerKey + LINE_BITS - 1) / LINE_BITS));
    int probes = probeCount(bitsPerKey);
    page.set(BlockHeader.U32, LINE_COUNT_AT, lines);
    page.set(BlockHeader.U32, KEY_COUNT_AT, n);
    page.set(ValueLayout.JAVA_BYTE, PROBE_COUNT_AT, (byte) probes);
    for (int i = 0; i < n; i++) {
      long h = hashes[i];
      long lineAt = LINES_AT + (long) line(h, lines) * LINE_BYTES;
      int x = (int) h;
      for (int p = 0; p < probes; p++) {
        int bit = x >>> 23;
        long at = lineAt + (bit >>> 3);
        page.set(ValueLayout.JAVA_BYTE, at, (byte) (page.get(ValueLayout.JAVA_BYTE, at) | (1 << (bit & 7))));
        x *= PROBE_MULTIPLIER;
      }
    }
    return LINES_AT - SstFormat.HEADER_BYTES + lines * LINE_BYTES;
  }

  /** False when the key of {@code hash} is certainly absent from the partition. The page was verified. */
  static boolean mayContain(MemorySegment page, long hash) {
    int lines = page.get(BlockHeader.U32, LINE_COUNT_AT);
    int probes = page.get(ValueLayout.JAVA_BYTE, PROBE_COUNT_AT);
    long lineAt = LINES_AT + (long) line(hash, lines) * LINE_BYTES;
    int x = (int) hash;
    for (int p = 0; p < probes; p++) {
      int bit = x >>> 23;
      if ((page.get(ValueLayout.JAVA_BYTE, lineAt + (bit >>> 3)) & (1 << (bit & 7))) == 0) {
        return false;
      }
      x *= PROBE_MULTIPLIER;
    }
    return true;
  }

  private static int line(long hash, int lines) {
    return (int) (((hash >>> 32) * lines) >>> 32);
  }

  /** Checks the filter's own fields of a page whose checksum and header were verified. */
  static void check(Path file, long fileOffset, MemorySegment page) {
    int lines = page.get(BlockHeader.U32, LINE_COUNT_AT);
    int probes = page.get(ValueLayout.JAVA_BYTE, PROBE_COUNT_AT);
    long stored = BlockHeader.storedBytes(page);
    if (lines < 1 || lines > LINES_MAX || probes < 1 || probes > PROBES_MAX
        || stored != LINES_AT - SstFormat.HEADER_BYTES + (long) lines * LINE_BYTES) {
      throw new CorruptionException(file, fileOffset, BlockKind.FILTER.label(), "line count " + lines
          + " (max " + LINES_MAX + "), probe count " + probes + " (max " + PROBES_MAX + ") or payload length "
          + stored + " out of bounds");
    }
  }
}
