package dev.cascade.engine.sstable;

import com.github.luben.zstd.Zstd;
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
 * buffers; LZ4's accept them without a copy).
 *
 * <p>Stateless and thread-safe (the LZ4 instances are).
 */
final class BlockCodec {
  // The pure-Java LZ4: the same bytes on every machine, which the golden files rely on.
  private static final LZ4Compressor LZ4_COMPRESSOR = LZ4Factory.fastestJavaInstance().fastCompressor();
  private static final LZ4SafeDecompressor LZ4_DECOMPRESSOR = LZ4Factory.fastestJavaInstance().safeDecompressor();

  private BlockCodec() {}

  /** Room {@code dst} needs for compressing {@code rawBytes} (enough for the attempt; see {@link #compress}). */
  static int compressCapacity(int rawBytes) {
    return rawBytes;
  }

  /**
   * Compresses {@code src[0, rawBytes)} into {@code dst} with {@code c}. Returns the compressed length, or -1 when
   * the result would not be smaller than the input (the caller then stores the block as {@link Compression#NONE}).
   */
  static int compress(Compression c, int zstdLevel, MemorySegment src, int rawBytes, MemorySegment dst) {
    int room = (int) Math.min(dst.byteSize(), rawBytes - 1L);
    if (room <= 0) {
      return -1;
    }
    try {
      return switch (c) {
        case NONE -> -1;
        case LZ4 -> LZ4_COMPRESSOR.compress(src.asByteBuffer(), 0, rawBytes, dst.asByteBuffer(), 0, room);
        case ZSTD -> {
          long n = Zstd.compressDirectByteBuffer(dst.asByteBuffer(), 0, room, src.asByteBuffer(), 0, rawBytes,
              zstdLevel);
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
  static void decompress(Compression c, MemorySegment src, int storedBytes, MemorySegment dst, int rawBytes,
      Path file, long fileOffset, BlockKind kind) {
    long n;
    try {
      n = switch (c) {
        case NONE -> {
          MemorySegment.copy(src, 0, dst, 0, storedBytes);
          yield storedBytes;
        }
        case LZ4 -> LZ4_DECOMPRESSOR.decompress(src.asByteBuffer(), 0, storedBytes, dst.asByteBuffer(), 0, rawBytes);
        case ZSTD -> Zstd.decompressDirectByteBuffer(dst.asByteBuffer(), 0, rawBytes, src.asByteBuffer(), 0,
            storedBytes);
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
}
