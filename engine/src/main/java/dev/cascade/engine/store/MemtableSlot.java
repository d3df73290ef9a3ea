package dev.cascade.engine.store;

import dev.cascade.engine.memtable.Memtable;
import dev.cascade.engine.runtime.Promise;
import java.util.Arrays;

/**
 * One memtable of a shard with what the shard needs to know about it: where its WAL records start, its
 * sequence ceiling once frozen, the cross-shard transactions whose parts it holds (released in the ledger
 * when it is flushed), and whether it holds unlogged (Durability.NONE) writes.
 *
 * <p>Memtables partition the shard's sequence space: a frozen memtable holds sequences up to its ceiling and
 * above the previous one's; an entry applied late (a prepared part of a cross-shard batch, whose sequence was
 * taken before newer local writes) goes to the memtable whose range holds its sequence, so that for every key
 * a newer source always holds the newer versions (see commit-protocol.md).
 *
 * <p>Thread ownership: owned by its shard.
 */
final class MemtableSlot {
  final Memtable table;
  /** WAL position of the first record that may hold this memtable's entries. */
  final long walStart;
  /** Largest sequence this memtable may hold; Long.MAX_VALUE while it is the mutable one. */
  long ceiling = Long.MAX_VALUE;
  private long[] txns = new long[4];
  private int txnCount;
  boolean unlogged;
  /** Completes when this memtable is in an SST (created on demand by flush requests). */
  Promise<Void> flushed;

  MemtableSlot(Memtable table, long walStart) {
    this.table = table;
    this.walStart = walStart;
  }

  void addTxn(long txn) {
    if (txnCount == txns.length) {
      txns = Arrays.copyOf(txns, txnCount * 2);
    }
    txns[txnCount++] = txn;
  }

  long[] txns() {
    return txns;
  }

  int txnCount() {
    return txnCount;
  }

  boolean frozen() {
    return ceiling != Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    return "MemtableSlot[" + table.entryCount() + " entries, " + table.memoryBytes() + " bytes, walStart=" + walStart
        + (frozen() ? ", ceiling=" + ceiling : ", mutable") + "]";
  }
}
