package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.cascade.engine.CorruptionException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Compresses and decompresses block payloads between off-heap segments (ZSTD's JNI entry points need direct
 * buffers; LZ4's accept them without a copy). Keeps one ZSTD context of each direction, created on first use:
 * the one-shot ZSTD calls allocate a fresh context (hundreds of KB) per block.
 *
 * <p>Thread ownership: owned by one writer, reader or iterator; {@link #close()} frees the ZSTD contexts.
 */
final class BlockCodec implements AutoCloseable {
  // The JNI instance where lz4-java ships one (Linux x86-64 and aarch64 among others): on JDK 25 the pure-Java
  // fallback works byte by byte on direct buffers and is an order of magnitude slower. Compressed bytes may differ
  // between the native and Java instances (both are valid LZ4), which only the golden files notice.
  private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
  private static final LZ4Compressor LZ4_COMPRESSOR = LZ4.fastCompressor();
  private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4.safeDecompressor();

  private final int zstdLevel;
  private ZstdCompressCtx zstdCompress;
  private ZstdDecompressCtx zstdDecompress;

  BlockCodec(int zstdLevel) {
    this.zstdLevel = zstdLevel;
  }

  /**
   * Compresses {@code src[0, rawBytes)} into {@code dst} with {@code c}. Returns the compressed length, or -1 when
   * the result would not be smaller than the input (the caller then stores the block as {@link Compression#NONE}).
   */
  int compress(Compression c, MemorySegment src, int rawBytes, MemorySegment dst) {
    int room = (int) Math.min(dst.byteSize(), rawBytes - 1L);
    if (room <= 0) {
      return -1;
    }
    try {
      return switch (c) {
        case NONE -> -1;
        case LZ4 -> LZ4_COMPRESSOR.compress(src.asByteBuffer(), 0, rawBytes, dst.asByteBuffer(), 0, room);
        case ZSTD -> {
          if (zstdCompress == null) {
            zstdCompress = new ZstdCompressCtx().setLevel(zstdLevel);
          }
          long n = zstdCompress.compressDirectByteBuffer(dst.asByteBuffer(), 0, room, src.asByteBuffer(), 0, rawBytes);
          yield n > 0 && n < rawBytes ? (int) n : -1;
        }
      };
    } catch (LZ4Exception | ZstdException e) {
      return -1; // the output did not fit in fewer bytes than the input
    }
  }

  /**
   * Decompresses {@code src[0, storedBytes)} into {@code dst}, which must come out exactly {@code rawBytes} long.
   *
   * @throws CorruptionException when the payload does not decompress to exactly {@code rawBytes}
   */
  void decompress(Compression c, MemorySegment src, int storedBytes, MemorySegment dst, int rawBytes,
      Path file, long fileOffset, BlockKind kind) {
    long n;
    try {
      n = switch (c) {
        case NONE -> {
          MemorySegment.copy(src, 0, dst, 0, storedBytes);
          yield storedBytes;
        }
        case LZ4 -> LZ4_DECOMPRESSOR.decompress(src.asByteBuffer(), 0, storedBytes, dst.asByteBuffer(), 0, rawBytes);
        case ZSTD -> {
          if (zstdDecompress == null) {
            zstdDecompress = new ZstdDecompressCtx();
          }
          yield zstdDecompress.decompressDirectByteBuffer(dst.asByteBuffer(), 0, rawBytes, src.asByteBuffer(), 0,
              storedBytes);
        }
      };
    } catch (LZ4Exception | ZstdException e) {
      throw new CorruptionException(file, fileOffset, kind.label(), c + " payload does not decompress: "
          + e.getMessage());
    }
    if (n != rawBytes) {
      throw new CorruptionException(file, fileOffset, kind.label(),
          c + " payload decompressed to " + n + " bytes, header says " + rawBytes);
    }
  }

  @Override
  public void close() {
    if (zstdCompress != null) {
      zstdCompress.close();
      zstdCompress = null;
    }
    if (zstdDecompress != null) {
      zstdDecompress.close();
      zstdDecompress = null;
    }
  }
}
