package dev.cascade.engine;

import java.nio.file.Path;

/**
 * Stored data failed a check: a checksum mismatch, a length beyond its named maximum, a magic number or format
 * version that is not ours, an entry that breaks its block's invariants. The message names the file, the byte
 * offset and the kind of block, for example
 * {@code "corrupt data block in /data/shard-000/000012.sst at offset 8192: checksum mismatch (stored 0x1c2d..., computed 0x88e1...)"}.
 * Corrupt data is reported, never returned.
 *
 * <p>Immutable.
 */
public final class CorruptionException extends CascadeException {
  private final Path file;
  private final long offset;
  private final String blockKind;

  public CorruptionException(Path file, long offset, String blockKind, String detail) {
    super("corrupt " + blockKind + " in " + file + " at offset " + offset + ": " + detail);
    this.file = file;
    this.offset = offset;
    this.blockKind = blockKind;
  }

  /** The file holding the corrupt block. */
  public Path file() {
    return file;
  }

  /** Byte offset of the corrupt block (or record) in {@link #file()}. */
  public long offset() {
    return offset;
  }

  /** What the block is: {@code "data block"}, {@code "filter partition"}, {@code "footer"}, {@code "WAL record"}... */
  public String blockKind() {
    return blockKind;
  }
}
