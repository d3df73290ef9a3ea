package dev.cascade.engine.io;

import java.lang.foreign.MemorySegment;

/**
 * The argument checks of a read or write, made by every engine's queue before anything is queued, so that the
 * same call is accepted or refused alike by all of them: a non-negative offset, at most
 * {@link IoQueue#WRITEV_BUFFERS_MAX} buffers, at most {@link IoQueue#TRANSFER_BYTES_MAX} bytes, and for
 * {@link OpenFlag#DIRECT} files the alignment of {@link DirectAlignment}. A refusal is an
 * {@link IllegalArgumentException} naming the operation, the file and the bad value.
 *
 * <p>Immutable (static methods only).
 */
public final class TransferChecks {
  private TransferChecks() {}

  /** Checks a transfer of {@code buffers}, back to back from {@code offset}; returns their total size. */
  public static long check(IoFile file, String operation, long offset, MemorySegment... buffers) {
    if (offset < 0) {
      throw new IllegalArgumentException(operation + " " + file.path() + ": negative offset " + offset);
    }
    if (buffers.length > IoQueue.WRITEV_BUFFERS_MAX) {
      throw new IllegalArgumentException(operation + " " + file.path() + ": " + buffers.length
          + " buffers exceed IoQueue.WRITEV_BUFFERS_MAX (" + IoQueue.WRITEV_BUFFERS_MAX + ")");
    }
    long total = 0;
    for (MemorySegment b : buffers) {
      if (file.direct()) {
        DirectAlignment.check(file.path(), offset, b);
      }
      total += b.byteSize();
    }
    if (total > IoQueue.TRANSFER_BYTES_MAX) {
      throw new IllegalArgumentException(operation + " " + file.path() + ": " + total
          + " bytes exceed IoQueue.TRANSFER_BYTES_MAX (" + IoQueue.TRANSFER_BYTES_MAX + ")");
    }
    return total;
  }
}
