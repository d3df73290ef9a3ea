package dev.cascade.engine.sstable;

/**
 * What the version state records of a finished SST file: its number and size, its key range (user keys, inclusive)
 * and sequence range, and its entry counts.
 *
 * <p>Immutable (the arrays are never modified once built).
 */
public record SstMeta(long fileNumber, long sizeBytes, byte[] smallestKey, byte[] largestKey, long smallestSeq,
    long largestSeq, long entryCount, long deleteCount) {
  @Override
  public boolean equals(Object o) {
    return o instanceof SstMeta m && fileNumber == m.fileNumber && sizeBytes == m.sizeBytes
        && java.util.Arrays.equals(smallestKey, m.smallestKey) && java.util.Arrays.equals(largestKey, m.largestKey)
        && smallestSeq == m.smallestSeq && largestSeq == m.largestSeq && entryCount == m.entryCount
        && deleteCount == m.deleteCount;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(fileNumber) * 31 + Long.hashCode(sizeBytes);
  }

  @Override
  public String toString() {
    return "SstMeta[file " + fileNumber + ", " + sizeBytes + " bytes, keys " + SstProperties.shortHex(smallestKey)
        + ".." + SstProperties.shortHex(largestKey) + ", seq " + smallestSeq + ".." + largestSeq + ", " + entryCount + " entries, "
        + deleteCount + " deletes]";
  }
}
