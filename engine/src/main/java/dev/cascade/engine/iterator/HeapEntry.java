package dev.cascade.engine.iterator;

import dev.cascade.engine.key.EntryKind;

/**
 * Where an internal iterator's current entry lies when it is in a heap array (an SST block decoded into the
 * iterator's buffer): the array, the key's and the value's place in it, the sequence and the kind. A flyweight: the
 * iterator that owns it re-points it at every move, so a reader takes it once per entry (one call down the iterator
 * stack, {@link InternalIterator#heapEntry()}) and then reads plain fields, where asking the stack for each field
 * would cost a chain of calls per field. Valid until the owner moves or closes.
 *
 * <p>Thread ownership: owned by the iterator that fills it.
 */
public final class HeapEntry {
  private byte[] array;
  private int keyOffset;
  private int keyLength;
  private int valueOffset;
  private int valueLength;
  private long sequence;
  private EntryKind kind;

  /** Re-points the entry; the owning iterator calls it as it moves. */
  public void set(byte[] array, int keyOffset, int keyLength, int valueOffset, int valueLength, long sequence,
      EntryKind kind) {
    // The array and the kind rarely change from entry to entry: a reference store costs a GC write barrier.
    if (this.array != array) {
      this.array = array;
    }
    if (this.kind != kind) {
      this.kind = kind;
    }
    this.keyOffset = keyOffset;
    this.keyLength = keyLength;
    this.valueOffset = valueOffset;
    this.valueLength = valueLength;
    this.sequence = sequence;
  }

  /** The array holding the key and the value. */
  public byte[] array() {
    return array;
  }

  public int keyOffset() {
    return keyOffset;
  }

  public int keyLength() {
    return keyLength;
  }

  public int valueOffset() {
    return valueOffset;
  }

  public int valueLength() {
    return valueLength;
  }

  public long sequence() {
    return sequence;
  }

  public EntryKind kind() {
    return kind;
  }
}
