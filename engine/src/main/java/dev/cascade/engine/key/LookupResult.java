package dev.cascade.engine.key;

/**
 * The answer of a point lookup in one memtable or SST, reused across lookups to avoid allocation: the newest
 * entry of the key visible at the snapshot, if any.
 *
 * <p>Thread ownership: owned by the task doing the lookup.
 */
public final class LookupResult {
  /** Kind of the entry found (DELETE, PUT or VALUE_POINTER), or null when the source holds no visible version. */
  public EntryKind kind;

  /** Sequence of the entry found. */
  public long seq;

  /** A copy of the value of a PUT (or the pointer of a VALUE_POINTER); null otherwise. */
  public byte[] value;

  /** For an SST lookup that stopped at a page not in the cache: that page's number; -1 otherwise. */
  public long missPage = -1;

  public LookupResult reset() {
    kind = null;
    seq = 0;
    value = null;
    missPage = -1;
    return this;
  }

  public boolean found() {
    return kind != null;
  }
}
