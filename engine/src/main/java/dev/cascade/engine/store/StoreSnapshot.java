package dev.cascade.engine.store;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.commit.SnapshotRegistry;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A snapshot handed to a user: a sequence registered in the store's snapshot registry until closed, so that
 * compaction keeps the versions it sees.
 *
 * <p>Thread-safe.
 */
final class StoreSnapshot implements Snapshot {
  private final SnapshotRegistry registry;
  private final long seq;
  private final AtomicBoolean closed = new AtomicBoolean();

  StoreSnapshot(SnapshotRegistry registry, long seq) {
    this.registry = registry;
    this.seq = seq;
  }

  @Override
  public long sequence() {
    return seq;
  }

  boolean belongsTo(SnapshotRegistry r) {
    return r == registry;
  }

  long checkedSequence() {
    if (closed.get()) {
      throw new CascadeException("snapshot " + seq + " is closed");
    }
    return seq;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      registry.release(seq);
    }
  }

  @Override
  public String toString() {
    return "Snapshot[" + seq + (closed.get() ? ", closed]" : "]");
  }
}
