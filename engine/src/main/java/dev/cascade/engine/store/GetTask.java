package dev.cascade.engine.store;

import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.ValueTask;
import java.lang.foreign.MemorySegment;

/**
 * Point lookups of one or more keys on one shard at one snapshot (a get is a multi-get of one). Lookups never
 * block: when a page is not cached the task starts (or joins) its read and waits, then retries that key. Run by
 * a thread borrowing the shard ({@code ShardRuntime.callDirect}) it cannot read, so it yields and the shard's
 * own thread carries on where it stopped. The value is the array of values, null where absent.
 *
 * <p>Thread ownership: run by its shard (or a thread borrowing it).
 */
final class GetTask extends ValueTask<byte[][]> {
  private final ShardStore s;
  private final byte[][] keys;
  private final byte[][] values;
  private long snapshot;
  private ReadView view;
  private int next;
  private final LookupResult out = new LookupResult();
  private final Table[] missTable = new Table[1];
  private Promise<Void> load;

  /** {@code snapshot} < 0 reads at the watermark when the task first runs. */
  GetTask(ShardStore s, byte[][] keys, long snapshot) {
    this.s = s;
    this.keys = keys;
    this.values = new byte[keys.length][];
    this.snapshot = snapshot;
  }

  @Override
  public Status run(Shard shard) {
    if (view == null) {
      view = s.acquireView();
      if (snapshot < 0) {
        snapshot = s.store.tracker().watermark();
      }
    }
    try {
      if (load != null) {
        Promise<Void> l = load;
        load = null;
        if (l.isFailed()) {
          throw rethrow(l.failure());
        }
      }
      for (; next < keys.length; next++) {
        MemorySegment key = MemorySegment.ofArray(keys[next]);
        int r = s.lookup(view, key, ShardStore.hash(key), snapshot, out, missTable);
        if (r == ShardStore.MISS) {
          if (shard.isBorrowed()) {
            return Status.YIELD;
          }
          load = missTable[0].reader.load(s.queue, out.missPage);
          return load.await(this);
        }
        values[next] = r == ShardStore.FOUND ? out.value : null;
      }
    } catch (RuntimeException | Error e) {
      s.releaseView(view);
      view = null;
      throw e;
    }
    s.releaseView(view);
    view = null;
    return done(values);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new dev.cascade.engine.CascadeException(t.getMessage(), t);
  }
}
