package dev.cascade.engine;

/**
 * A consistent cut across all shards: every batch with a sequence at or below {@link #sequence()} and nothing
 * newer. Holding a snapshot keeps compaction from dropping the versions it sees; close it when done.
 *
 * <p>Thread-safe; closing twice is a no-op.
 */
public interface Snapshot extends AutoCloseable {
  long sequence();

  @Override
  void close();
}
