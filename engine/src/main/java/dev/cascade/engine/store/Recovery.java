package dev.cascade.engine.store;

import dev.cascade.engine.commit.BatchPart;
import dev.cascade.engine.commit.LogRecord;
import dev.cascade.engine.runtime.ShardRuntime;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Recovery after a restart, following the rules of {@code engine/docs/commit-protocol.md}. Phase 1 runs on each
 * shard as it replays its WAL: BATCH records and the coordinator parts of COMMIT records go into the memtable,
 * COMMIT records are noted, PREPARE records are kept aside. Phase 2, once every shard has replayed, applies each
 * kept PREPARE whose transaction committed (and pins its COMMIT record in the ledger again) and discards the
 * others. The sequence counter restarts above everything found.
 *
 * <p>Thread-safe (shards replay on their own threads).
 */
final class Recovery {
  private static final Logger LOG = Logger.getLogger(Recovery.class.getName());

  private record Commit(int coordinator, long position) {}

  private record Prepared(int shard, long txn, BatchPart part) {}

  private final Map<Long, Commit> commits = new HashMap<>();
  private final List<Prepared> prepared = new ArrayList<>();
  private final Map<Integer, Path> dirs = new HashMap<>();
  /** Per shard: every entry at or below this sequence is already in its SSTs (the last flushed ceiling). */
  private final Map<Integer, Long> flushedUpTo = new HashMap<>();
  private long maxSeq;
  private long records;

  synchronized void beginShard(int shard, Path dir, long lastSequence) {
    dirs.put(shard, dir);
    flushedUpTo.put(shard, lastSequence);
    maxSeq = Math.max(maxSeq, lastSequence);
  }

  /** Phase 1: one WAL record of {@code s}, on its thread. */
  void record(ShardStore s, long position, MemorySegment payload) {
    LogRecord r = LogRecord.decode(payload.toArray(ValueLayout.JAVA_BYTE), s.dir, position);
    BatchPart part;
    synchronized (this) {
      // A record replayed although its entries were flushed (a pinned COMMIT, a prepared part logged after a
      // newer memtable began) must not put old versions in front of newer flushed ones.
      part = r.part().after(flushedUpTo.get(s.index));
      records++;
      if (r.part().count() > 0) {
        maxSeq = Math.max(maxSeq, r.part().largestSeq());
      }
      if (part.count() > 0) {
        maxSeq = Math.max(maxSeq, part.largestSeq());
      }
      maxSeq = Math.max(maxSeq, r.txn() + Math.max(0, r.batchSize() - 1));
      switch (r.type()) {
        case LogRecord.BATCH -> { }
        case LogRecord.COMMIT -> commits.put(r.txn(), new Commit(s.index, position));
        case LogRecord.PREPARE -> {
          prepared.add(new Prepared(s.index, r.txn(), part));
          return;
        }
        default -> throw new IllegalStateException("record type " + r.type());
      }
    }
    s.apply(part, -1, false);
  }

  /** Phase 2: applies committed prepared parts on their shards, re-pins their COMMIT records; returns the last sequence. */
  long finish(Store store, ShardRuntime runtime) {
    Map<Long, List<Integer>> pinned = new HashMap<>();
    int discarded = 0;
    for (Prepared p : prepared) {
      Commit c = commits.get(p.txn);
      if (c == null) {
        discarded++;
        continue;
      }
      BatchPart part = p.part.after(flushedUpTo.get(p.shard));
      if (part.count() == 0) {
        continue; // already in the participant's SSTs: nothing to apply, nothing to pin
      }
      runtime.call(p.shard, shard -> {
        store.shardStore(p.shard).apply(part, p.txn, false);
        return null;
      });
      pinned.computeIfAbsent(p.txn, t -> new ArrayList<>()).add(p.shard);
    }
    for (var e : pinned.entrySet()) {
      Commit c = commits.get(e.getKey());
      int[] parts = e.getValue().stream().mapToInt(Integer::intValue).filter(i -> i != c.coordinator).toArray();
      store.ledger().pin(e.getKey(), c.coordinator, c.position, parts);
    }
    // After a clean close the WAL still holds the last memtables' records, so replaying is routine (FINE); a
    // discarded prepared part means a crash cut a cross-shard batch short, which an operator may want to see.
    if (records > 0 || discarded > 0) {
      LOG.log(discarded > 0 ? java.util.logging.Level.INFO : java.util.logging.Level.FINE, "recovered " + records + " WAL records in " + dirs.size() + " shards; " + (prepared.size() - discarded)
          + " prepared parts of committed cross-shard batches applied, " + discarded
          + " without a commit record discarded; last sequence " + maxSeq);
    }
    return maxSeq;
  }
}
