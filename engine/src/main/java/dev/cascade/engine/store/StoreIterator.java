package dev.cascade.engine.store;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.DbIterator;
import dev.cascade.engine.ReadOptions;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * The store-wide iterator: one {@link ShardCursor} per shard, each handing back batches of entries, merged here
 * in key order (shards hold disjoint keys, so the merge never sees a key twice). Changing direction re-seeks
 * every shard next to the current key. Enforces the time and entry limits of its {@link ReadOptions}: the time
 * limit when it positions and when it asks a shard for another batch (not on every entry: reading the clock per
 * entry costs more than the entry). With {@link ReadOptions#shard()} set, only that shard gets a cursor; the others
 * stay empty.
 *
 * <p>Pipelining: with {@link ReadOptions#prefetch()} a shard fills its next batch while the caller reads the
 * current one, so the two overlap. A batch both sides take equally long over would be best; a first batch as
 * large as {@link ReadOptions#batchEntries()} would leave the caller waiting for all of it before its first row.
 * So the batches of a prefetching iterator start at {@link #PIPELINE_FIRST_BATCH} entries and double after each
 * batch up to {@code batchEntries}; without prefetch every batch is {@code batchEntries}.
 *
 * <p>Thread ownership: one caller thread at a time.
 */
final class StoreIterator implements DbIterator {
  /** Entries of a prefetching iterator's first batch from each shard after positioning. */
  static final int PIPELINE_FIRST_BATCH = 64;

  private final Store store;
  private final ReadOptions ro;
  private final long[] cursorIds;
  private final Stream[] streams;
  private final long deadlineNanos;
  private final long snapshot;
  /** The snapshot was registered for this iterator: release it at close. */
  private final boolean ownsSnapshot;
  private boolean forward = true;
  private int current = -1;
  private long returned;
  private boolean closed;

  /** One shard's buffered batch, and the next one when it is being fetched ahead ({@link ReadOptions#prefetch()}). */
  private static final class Stream {
    EntryBatch batch;
    int pos;
    CompletableFuture<EntryBatch> ahead;
    /** Entries to ask for in the next fill. */
    int nextBatch;

    boolean hasEntry() {
      return batch != null && pos < batch.count();
    }

    byte[] key() {
      return batch.keys()[pos];
    }
  }

  /** Cursors open lazily, in the same hand-off as the first seek. */
  StoreIterator(Store store, ReadOptions ro, long snapshot, boolean ownsSnapshot) {
    this.store = store;
    this.ownsSnapshot = ownsSnapshot;
    this.ro = ro;
    this.snapshot = snapshot;
    int n = store.shardCount();
    this.deadlineNanos = System.nanoTime() + ro.timeLimitNanos();
    this.cursorIds = new long[n];
    java.util.Arrays.fill(cursorIds, -1);
    this.streams = new Stream[n];
    for (int i = 0; i < n; i++) {
      streams[i] = new Stream();
    }
  }

  @Override
  public boolean valid() {
    return current >= 0;
  }

  @Override
  public void seekToFirst() {
    reposition(null, true, true);
  }

  @Override
  public void seekToLast() {
    reposition(null, false, true);
  }

  @Override
  public void seek(byte[] key) {
    reposition(key.clone(), true, true);
  }

  @Override
  public void seekForPrev(byte[] key) {
    reposition(key.clone(), false, true);
  }

  @Override
  public void next() {
    checkValid();
    if (!forward) {
      reposition(key(), true, false);
      return;
    }
    advance();
  }

  @Override
  public void prev() {
    checkValid();
    if (forward) {
      reposition(key(), false, false);
      return;
    }
    advance();
  }

  @Override
  public byte[] key() {
    checkValid();
    return streams[current].key();
  }

  @Override
  public byte[] value() {
    checkValid();
    return streams[current].batch.values()[streams[current].pos];
  }

  private void advance() {
    Stream s = streams[current];
    s.pos++;
    if (s.pos == s.batch.count() && !s.batch.exhausted()) {
      checkTime();
      int shard = current;
      boolean fwd = forward;
      if (s.ahead != null) {
        CompletableFuture<EntryBatch> f = s.ahead;
        s.ahead = null;
        s.batch = Store.join(f);
      } else {
        int n = takeBatchSize(s);
        s.batch = call(shard, c -> c.fill(fwd, n, false));
      }
      s.pos = 0;
      fetchAhead(shard);
    }
    pick();
  }

  /**
   * With {@link ReadOptions#prefetch()}, asks shard {@code shard} for the batch after the one just received while
   * the caller reads this one. The shard runs a cursor's tasks in the order they were handed to it, so a later
   * seek or close runs after the fill; a repositioned iterator drops the fetched batch unread.
   */
  private void fetchAhead(int shard) {
    Stream s = streams[shard];
    if (!ro.prefetch() || s.batch == null || s.batch.exhausted()) {
      return;
    }
    long id = cursorIds[shard];
    boolean fwd = forward;
    int n = takeBatchSize(s);
    s.ahead = store.runtime().supply(shard, sh -> store.shardStore(shard).cursor(id).fill(fwd, n, false));
  }

  /** The size of {@code s}'s next fill; a prefetching stream's sizes double up to {@code batchEntries}. */
  private int takeBatchSize(Stream s) {
    int n = s.nextBatch;
    s.nextBatch = (int) Math.min(ro.batchEntries(), 2L * n);
    return n;
  }

  private void reposition(byte[] key, boolean fwd, boolean inclusive) {
    checkOpen();
    checkTime();
    forward = fwd;
    @SuppressWarnings("unchecked")
    CompletableFuture<EntryBatch>[] f = new CompletableFuture[streams.length];
    long[] opened = cursorIds.clone();
    for (int i = 0; i < streams.length; i++) {
      if (!reads(i)) {
        continue;
      }
      streams[i].ahead = null;
      streams[i].nextBatch = ro.prefetch() ? Math.min(ro.batchEntries(), PIPELINE_FIRST_BATCH) : ro.batchEntries();
      int first = takeBatchSize(streams[i]);
      long id = cursorIds[i];
      int shard = i;
      f[i] = store.runtime().supply(i, sh -> {
        ShardStore s = store.shardStore(shard);
        long cid = id >= 0 ? id : s.openCursor(snapshot, ro, deadlineNanos);
        opened[shard] = cid;
        return s.cursor(cid).seek(key, fwd, inclusive, first);
      });
    }
    RuntimeException failure = null;
    for (int i = 0; i < streams.length; i++) {
      if (!reads(i)) {
        continue;
      }
      try {
        streams[i].batch = Store.join(f[i]);
        streams[i].pos = 0;
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
      cursorIds[i] = opened[i];
    }
    if (failure != null) {
      current = -1;
      throw failure;
    }
    for (int i = 0; i < streams.length; i++) {
      if (reads(i)) {
        fetchAhead(i);
      }
    }
    pick();
  }

  private boolean reads(int shard) {
    return ro.shard() == ReadOptions.ALL_SHARDS || ro.shard() == shard;
  }

  private EntryBatch call(int shard, java.util.function.Function<ShardCursor, EntryBatch> op) {
    long id = cursorIds[shard];
    return store.runtime().call(shard, sh -> op.apply(store.shardStore(shard).cursor(id)));
  }

  private void pick() {
    current = -1;
    for (int i = 0; i < streams.length; i++) {
      if (!streams[i].hasEntry()) {
        continue;
      }
      if (current < 0) {
        current = i;
        continue;
      }
      int c = Arrays.compareUnsigned(streams[i].key(), streams[current].key());
      if (forward ? c < 0 : c > 0) {
        current = i;
      }
    }
    if (current >= 0 && ++returned > ro.entriesMax()) {
      current = -1;
      throw new CascadeException("iterator returned more than ReadOptions.entriesMax (" + ro.entriesMax()
          + ") entries; narrow the bounds or raise the limit");
    }
  }

  private void checkValid() {
    checkOpen();
    if (current < 0) {
      throw new IllegalStateException("iterator is not positioned on an entry");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new CascadeException("iterator is closed");
    }
  }

  private void checkTime() {
    if (System.nanoTime() - deadlineNanos > 0) {
      throw new CascadeException("iterator exceeded its time limit (ReadOptions.timeLimitNanos = "
          + ro.timeLimitNanos() / 1_000_000 + " ms); open a new one");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    current = -1;
    if (ownsSnapshot) {
      store.snapshots().release(snapshot);
    }
    if (store.runtime().isClosed()) {
      return;
    }
    for (int i = 0; i < streams.length; i++) {
      long id = cursorIds[i];
      if (id < 0) {
        continue;
      }
      int shard = i;
      store.runtime().submit(i, dev.cascade.engine.runtime.ValueTask.of(sh -> {
        store.shardStore(shard).closeCursor(id);
        return null;
      }));
    }
  }
}
