package dev.cascade.engine.sstable;

/**
 * What a block of an SST file is. The byte {@link #code()} is stored in the block header; {@link #label()} is
 * the block kind named by a {@link dev.cascade.engine.CorruptionException}.
 *
 * <p>Immutable.
 */
enum BlockKind {
  DATA(1, "data block"),
  FILTER(2, "filter partition"),
  INDEX(3, "index partition"),
  TOP_INDEX(4, "top index"),
  PROPERTIES(5, "properties block"),
  FOOTER(6, "footer");

  private static final BlockKind[] BY_CODE = {null, DATA, FILTER, INDEX, TOP_INDEX, PROPERTIES, FOOTER};

  private final int code;
  private final String label;

  BlockKind(int code, String label) {
    this.code = code;
    this.label = label;
  }

  int code() {
    return code;
  }

  String label() {
    return label;
  }

  /** The kind of stored byte {@code code}, or null when unknown. */
  static BlockKind ofCode(int code) {
    return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
