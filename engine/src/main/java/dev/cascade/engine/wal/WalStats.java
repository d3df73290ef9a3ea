package dev.cascade.engine.wal;

/**
 * Counters of one WAL since it was opened. Immutable.
 *
 * @param bytesAppended payload bytes given to {@code append}
 * @param bytesWritten bytes written to segment files, headers, padding and rewritten pages included
 * @param groups group writes issued
 * @param syncs fdatasyncs issued (alone or linked to a write)
 * @param segments segment files in the ring
 * @param segmentsInUse segments holding records not yet retired (the one being written included)
 * @param recordsReplayed records read back when the WAL was opened (those before the replay start included)
 */
public record WalStats(long bytesAppended, long bytesWritten, long groups, long syncs, int segments,
    int segmentsInUse, long recordsReplayed) {}
