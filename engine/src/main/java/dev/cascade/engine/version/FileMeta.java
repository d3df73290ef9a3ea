package dev.cascade.engine.version;

import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One live SST as the version state records it: its number (the file is {@code <number>.sst}, see
 * {@link ObsoleteFiles#sstName}), size, user-key range (inclusive at both ends), sequence range, and entry
 * counts for compaction heuristics. Encodes and decodes itself (engine/docs/version-format.md).
 *
 * @param fileNumber the SST's number, at least 1, unique in a state
 * @param sizeBytes the file's size
 * @param smallestKey the smallest user key in the file
 * @param largestKey the largest user key in the file (equal to or after {@code smallestKey})
 * @param smallestSeq the smallest sequence of an entry in the file
 * @param largestSeq the largest sequence of an entry in the file: orders L0 files newest first
 * @param entryCount point entries in the file
 * @param deleteCount point tombstones among them
 *     <p>Immutable (the key arrays are never modified once built).
 */
public record FileMeta(
    long fileNumber,
    long sizeBytes,
    byte[] smallestKey,
    byte[] largestKey,
    long smallestSeq,
    long largestSeq,
    long entryCount,
    long deleteCount) {

  /** Fixed part of the encoding: six u64 fields and two u16 key lengths. */
  public static final int FIXED_ENCODED_BYTES = 6 * Long.BYTES + 2 * Short.BYTES;

  /** Largest encoding of one file. */
  public static final int ENCODED_BYTES_MAX = FIXED_ENCODED_BYTES + 2 * Limits.KEY_BYTES_MAX;

  public FileMeta {
    if (fileNumber < 1) {
      throw new IllegalArgumentException("fileNumber must be at least 1: " + fileNumber);
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
    }
    checkKey("smallestKey", smallestKey);
    checkKey("largestKey", largestKey);
    if (KeyOrder.compare(smallestKey, largestKey) > 0) {
      throw new IllegalArgumentException("file " + fileNumber + ": smallestKey sorts after largestKey");
    }
    if (smallestSeq < 0 || smallestSeq > largestSeq || largestSeq > Limits.SEQUENCE_MAX) {
      throw new IllegalArgumentException("file " + fileNumber + ": sequence range [" + smallestSeq + ", "
          + largestSeq + "] must satisfy 0 <= smallest <= largest <= SEQUENCE_MAX");
    }
    if (entryCount < 0 || deleteCount < 0 || deleteCount > entryCount) {
      throw new IllegalArgumentException("file " + fileNumber + ": counts must satisfy 0 <= deleteCount ("
          + deleteCount + ") <= entryCount (" + entryCount + ")");
    }
  }

  private static void checkKey(String name, byte[] key) {
    if (key == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (key.length > Limits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException(name + " is " + key.length + " bytes, more than KEY_BYTES_MAX "
          + Limits.KEY_BYTES_MAX);
    }
  }

  /** True when {@code key} lies in {@code [smallestKey, largestKey]}. */
  public boolean contains(byte[] key) {
    return KeyOrder.compare(smallestKey, key) <= 0 && KeyOrder.compare(key, largestKey) <= 0;
  }

  /** True when the file's range meets {@code [lo, hi]} (inclusive; a null bound is unbounded). */
  public boolean overlaps(byte[] lo, byte[] hi) {
    return (lo == null || KeyOrder.compare(largestKey, lo) >= 0)
        && (hi == null || KeyOrder.compare(smallestKey, hi) <= 0);
  }

  /** Bytes {@link #encodeTo} writes. */
  public int encodedBytes() {
    return FIXED_ENCODED_BYTES + smallestKey.length + largestKey.length;
  }

  /** Writes the file's fields at {@code out}'s position (little-endian buffer). */
  public void encodeTo(ByteBuffer out) {
    out.putLong(fileNumber).putLong(sizeBytes).putLong(smallestSeq).putLong(largestSeq).putLong(entryCount)
        .putLong(deleteCount);
    out.putShort((short) smallestKey.length).put(smallestKey);
    out.putShort((short) largestKey.length).put(largestKey);
  }

  /** Reads one file written by {@link #encodeTo}; any bad field is a corruption at its offset. */
  public static FileMeta decodeFrom(DecodeCursor in) {
    long at = in.offset();
    long number = in.u64("file number");
    long size = in.u64("file size");
    long smallestSeq = in.u64("smallest sequence");
    long largestSeq = in.u64("largest sequence");
    long entries = in.u64("entry count");
    long deletes = in.u64("delete count");
    byte[] smallest = in.key("smallest key");
    byte[] largest = in.key("largest key");
    try {
      return new FileMeta(number, size, smallest, largest, smallestSeq, largestSeq, entries, deletes);
    } catch (IllegalArgumentException e) {
      throw in.corrupt(at, "file entry: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileMeta f && fileNumber == f.fileNumber && sizeBytes == f.sizeBytes
        && smallestSeq == f.smallestSeq && largestSeq == f.largestSeq && entryCount == f.entryCount
        && deleteCount == f.deleteCount && Arrays.equals(smallestKey, f.smallestKey)
        && Arrays.equals(largestKey, f.largestKey);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fileNumber) * 31 + Arrays.hashCode(smallestKey) * 17 + Arrays.hashCode(largestKey);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "FileMeta[#" + fileNumber + ", " + sizeBytes + " B, [" + hex.formatHex(smallestKey) + ", "
        + hex.formatHex(largestKey) + "], seq [" + smallestSeq + ", " + largestSeq + "], " + entryCount
        + " entries, " + deleteCount + " deletes]";
  }
}
