package dev.cascade.engine.store;

import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.runtime.ValueTask;

/**
 * An explicit flush of one shard: freezes its mutable memtable and waits until every frozen memtable up to
 * that one is in an SST.
 *
 * <p>Thread ownership: run by its shard.
 */
final class FlushRequest extends ValueTask<Void> {
  private final ShardStore s;
  private Promise<Void> flushed;

  FlushRequest(ShardStore s) {
    this.s = s;
  }

  @Override
  public Status run(Shard shard) {
    if (flushed == null) {
      s.checkWritable();
      s.freeze(shard);
      MemtableSlot last = s.frozen.peekLast();
      if (last == null) {
        return done(null);
      }
      flushed = FlushJob.whenFlushed(shard, last);
      s.scheduleFlush(shard);
      return flushed.await(this);
    }
    flushed.get();
    return done(null);
  }
}
