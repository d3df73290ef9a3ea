package dev.cascade.sql.exec;

/**
 * One byte range of keys a scan reads, {@code [lower, upper)}, and the one shard that holds it when the range fixes
 * the partition key (-1: every shard).
 *
 * <p>Immutable (the arrays are never changed after construction).
 */
public record KeyRange(byte[] lower, byte[] upper, int shard) {
}
