package dev.cascade.engine;

import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes applied atomically, in order: after any crash either all of them are present or none, on every shard
 * they touch, and readers see all of them or none. A later operation on a key overrides an earlier one in the
 * same batch. Keys and values are copied in and checked against {@link Limits} as they are added; the whole
 * batch is bounded by {@link Options#batchBytesMax()} and {@link Options#batchEntriesMax()} when written.
 *
 * <p>Thread ownership: one thread at a time (not thread-safe).
 */
public final class WriteBatch {
  /** Bytes counted per operation besides its key and value (kind, lengths, sequence). */
  public static final int ENTRY_OVERHEAD_BYTES = 16;

  private final List<EntryKind> kinds = new ArrayList<>();
  private final List<byte[]> keys = new ArrayList<>();
  private final List<byte[]> values = new ArrayList<>();
  private long sizeBytes;

  public WriteBatch put(byte[] key, byte[] value) {
    checkKey(key, "key");
    if (value == null) {
      throw new IllegalArgumentException("value must not be null (use delete)");
    }
    if (value.length > Limits.VALUE_BYTES_MAX) {
      throw new IllegalArgumentException("value of " + value.length + " bytes exceeds Limits.VALUE_BYTES_MAX ("
          + Limits.VALUE_BYTES_MAX + " bytes)");
    }
    return add(EntryKind.PUT, key.clone(), value.clone());
  }

  public WriteBatch delete(byte[] key) {
    checkKey(key, "key");
    return add(EntryKind.DELETE, key.clone(), EMPTY);
  }

  /** Deletes every key in {@code [start, end)}; {@code start} must sort before {@code end}. */
  public WriteBatch deleteRange(byte[] start, byte[] end) {
    checkKey(start, "range start");
    checkKey(end, "range end");
    if (KeyOrder.compare(start, end) >= 0) {
      throw new IllegalArgumentException("deleteRange start must sort before end (unsigned bytes)");
    }
    return add(EntryKind.RANGE_DELETE, start.clone(), end.clone());
  }

  /** Number of operations. */
  public int count() {
    return kinds.size();
  }

  public boolean isEmpty() {
    return kinds.isEmpty();
  }

  /** Keys, values and {@link #ENTRY_OVERHEAD_BYTES} per operation. */
  public long sizeBytes() {
    return sizeBytes;
  }

  public EntryKind kind(int i) {
    return kinds.get(i);
  }

  /** The key (range start for RANGE_DELETE) of operation {@code i}; not a copy: do not modify. */
  public byte[] key(int i) {
    return keys.get(i);
  }

  /** The value (range end for RANGE_DELETE, empty for DELETE) of operation {@code i}; not a copy. */
  public byte[] value(int i) {
    return values.get(i);
  }

  public void clear() {
    kinds.clear();
    keys.clear();
    values.clear();
    sizeBytes = 0;
  }

  private WriteBatch add(EntryKind kind, byte[] key, byte[] value) {
    kinds.add(kind);
    keys.add(key);
    values.add(value);
    sizeBytes += key.length + value.length + ENTRY_OVERHEAD_BYTES;
    return this;
  }

  private static void checkKey(byte[] key, String what) {
    if (key == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (key.length > Limits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException(what + " of " + key.length + " bytes exceeds Limits.KEY_BYTES_MAX ("
          + Limits.KEY_BYTES_MAX + " bytes)");
    }
  }

  private static final byte[] EMPTY = {};

  @Override
  public String toString() {
    return "WriteBatch[" + count() + " operations, " + sizeBytes + " bytes]";
  }
}
