package dev.cascade.engine.key;

/**
 * What an entry of the log-structured tree is. The byte {@link #code()} is stored in the WAL, memtable and SST
 * formats, so codes never change meaning; new kinds take new codes.
 *
 * <p>For one user key, entries order by sequence number descending; at equal sequence by code descending (so a
 * PUT and a DELETE written at the same sequence never both exist: a batch gives every entry its own sequence).
 *
 * <p>Immutable.
 */
public enum EntryKind {
  /** A tombstone: the key is deleted as of this sequence. No value. */
  DELETE(0),
  /** A value stored inline with the key. */
  PUT(1),
  /**
   * Reserved for key-value separation: the value is a pointer into a value log. Readers that meet it before the
   * value log exists report corruption; the code is reserved so that the formats need no change later.
   */
  VALUE_POINTER(2),
  /**
   * A range tombstone: deletes every key in {@code [key, value)} with a smaller sequence. The value is the
   * exclusive end key. Kept apart from point entries (memtable list, SST range-delete block).
   */
  RANGE_DELETE(3);

  private static final EntryKind[] BY_CODE = {DELETE, PUT, VALUE_POINTER, RANGE_DELETE};

  private final int code;

  EntryKind(int code) {
    this.code = code;
  }

  /** The stored byte. */
  public int code() {
    return code;
  }

  /** The kind with stored byte {@code code}, or null when the code is unknown (a caller reports corruption). */
  public static EntryKind ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
