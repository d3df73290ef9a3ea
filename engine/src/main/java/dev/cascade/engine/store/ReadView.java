package dev.cascade.engine.store;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.RangeTombstone;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * What a read sees of a shard: its memtables (the mutable one first, then frozen ones newest first) and one
 * {@link Version}, pinned together so that a get waiting for a page, or an iterator, keeps reading the same
 * sources even if a flush or compaction installs new ones meanwhile. The shard keeps a current view and
 * replaces it when its sources change. Reference counted; the last release releases the memtables and version.
 *
 * <p>Thread ownership: owned by its shard.
 */
final class ReadView {
  final MemtableSlot[] memtables;
  final Version version;
  /** Range tombstones of the memtables and the version (few: they are kept on the heap). */
  final List<RangeTombstone> tombstones;
  private int refs = 1;

  ReadView(MemtableSlot[] memtables, Version version) {
    this.memtables = memtables;
    this.version = version;
    for (MemtableSlot m : memtables) {
      m.table.retain();
    }
    version.ref();
    List<RangeTombstone> all = new ArrayList<>(version.state.rangeTombstones());
    for (MemtableSlot m : memtables) {
      all.addAll(m.table.rangeDeletes());
    }
    tombstones = List.copyOf(all);
  }

  /**
   * The largest sequence at or below {@code snapshot} of a range tombstone covering {@code key}, or 0. Linear in
   * the number of tombstones, which stays small; iterators build a {@code TombstoneIndex} instead.
   */
  long coveringTombstone(MemorySegment key, long snapshot) {
    long best = 0;
    for (RangeTombstone t : tombstones) {
      if (t.seq() <= snapshot && t.seq() > best && KeyOrder.compare(MemorySegment.ofArray(t.start()), key) <= 0
          && KeyOrder.compare(key, MemorySegment.ofArray(t.end())) < 0) {
        best = t.seq();
      }
    }
    return best;
  }

  void ref() {
    refs++;
  }

  void unref(IoEngine engine) {
    if (--refs == 0) {
      for (MemtableSlot m : memtables) {
        m.table.release();
      }
      version.unref(engine);
    }
  }
}
