package dev.cascade.engine;

/**
 * A cursor over the live keys of the whole store (all shards merged in key order) at one snapshot, within
 * optional bounds, keeping only entries its filter accepts. Entries reach the caller in batches (one hand-off to
 * each shard per batch), so stepping is cheap.
 *
 * <p>Contract: not positioned until a seek; {@link #next()}/{@link #prev()} require {@link #valid()} and may be
 * mixed; {@link #key()}/{@link #value()} return arrays the caller owns. An iterator pins a snapshot and files,
 * so it has limits ({@link ReadOptions#timeLimitNanos()}, {@link ReadOptions#entriesMax()}); exceeding one
 * throws a {@link CascadeException} that names the limit, as does using it after {@link #close()}. After any
 * exception only {@link #close()} is allowed. The creator closes it.
 *
 * <p>Thread ownership: one thread at a time (not thread-safe).
 */
public interface DbIterator extends AutoCloseable {
  boolean valid();

  void seekToFirst();

  void seekToLast();

  /** Positions at the first key {@code >= key} (within bounds). */
  void seek(byte[] key);

  /** Positions at the last key {@code <= key} (within bounds). */
  void seekForPrev(byte[] key);

  void next();

  void prev();

  byte[] key();

  byte[] value();

  @Override
  void close();
}
