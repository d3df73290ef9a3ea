package dev.cascade.engine.store;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.ShardProperties;
import dev.cascade.engine.commit.BatchPart;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyHash;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.key.RangeTombstone;
import dev.cascade.engine.key.Segments;
import dev.cascade.engine.memtable.Memtable;
import dev.cascade.engine.cache.PageCache;
import dev.cascade.engine.cache.PageCaches;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Shard;
import dev.cascade.engine.sstable.SstReader;
import dev.cascade.engine.version.CompactionPicker;
import dev.cascade.engine.version.FileMeta;
import dev.cascade.engine.version.ObsoleteFiles;
import dev.cascade.engine.version.VersionFile;
import dev.cascade.engine.version.VersionState;
import dev.cascade.engine.version.WriteStall;
import dev.cascade.engine.wal.Wal;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one shard owns of the store: its WAL, memtables, file set, page cache and background work, and
 * the primitives its tasks use (apply a batch part, look up a key, freeze a memtable, install a new version).
 * Write, read, flush and compaction tasks live in their own classes and call these.
 *
 * <p>Thread ownership: owned by its shard; created and opened on the shard's thread. Lookups may also run on a
 * thread borrowing the shard (they never start I/O then).
 */
final class ShardStore {
  final Store store;
  final int index;
  final Path dir;
  final IoEngine engine;
  final Stats stats = new Stats();

  IoQueue queue;
  /** Blocking I/O for version files, on a queue of its own (created on first use, on this shard's thread). */
  SyncIo versionIo;
  Wal wal;
  PageCache cache;
  CompactionPicker picker;

  MemtableSlot mutable;
  /** Frozen memtables, oldest first. */
  final ArrayDeque<MemtableSlot> frozen = new ArrayDeque<>();
  Version current;
  private ReadView view;
  long nextFileNumber;

  boolean flushRunning;
  boolean compactionRunning;
  /** The background jobs in progress, abandoned at close. */
  FlushJob flushJob;
  CompactionJob compactionJob;
  final ArrayDeque<ManualCompaction> manualCompactions = new ArrayDeque<>();
  /** Writes waiting for a stall to clear. */
  private final List<Promise<Void>> stallWaiters = new ArrayList<>();
  boolean closing;

  /** Cursors of open iterators by id. */
  final Map<Long, ShardCursor> cursors = new HashMap<>();

  ShardStore(Store store, int index) {
    this.store = store;
    this.index = index;
    this.dir = store.directory().resolve(String.format("shard-%03d", index));
    this.engine = store.engine();
  }

  /**
   * Opens the shard on its own thread: reads its version file, deletes files no version names, opens its SSTs
   * and page cache, and replays its WAL into a fresh memtable (recovery phase 1: PREPAREs are kept aside in
   * {@code recovery}).
   */
  void open(Shard shard, Recovery recovery) {
    queue = IoQueue.of(shard);
    engine.createDirectories(dir);
    versionIo = new SyncIo(engine);
    VersionState state = VersionFile.load(versionIo, dir);
    if (state == null) {
      state = VersionState.empty(store.levelOptions().levelCount());
    }
    nextFileNumber = state.nextFileNumber();
    for (Long n : ObsoleteFiles.obsolete(engine.list(dir), state)) {
      engine.delete(dir.resolve(ObsoleteFiles.sstName(n)));
    }
    cache = PageCaches.create(store.options().cacheBytes() / store.shardCount());
    Map<Long, Table> tables = new HashMap<>();
    for (List<FileMeta> level : state.levels()) {
      for (FileMeta f : level) {
        tables.put(f.fileNumber(), openTable(f));
      }
    }
    current = new Version(state, tables);
    picker = new CompactionPicker(store.levelOptions());
    mutable = new MemtableSlot(newMemtable(), state.walReplayFrom());
    recovery.beginShard(index, dir, state.lastSequence());
    wal = Wal.open(engine, queue, shard, dir, store.walOptions(), state.walReplayFrom(),
        (position, seq, payload) -> recovery.record(this, position, payload));
    view = null;
  }

  Table openTable(FileMeta f) {
    SstReader r = SstReader.open(engine, queue, dir.resolve(ObsoleteFiles.sstName(f.fileNumber())), f.fileNumber(),
        cache);
    return new Table(f, r);
  }

  Memtable newMemtable() {
    return new Memtable(store.memtableOptions());
  }

  // ---------------------------------------------------------------- writes

  void checkWritable() {
    RuntimeException f = store.tracker().failure();
    if (f != null) {
      throw f instanceof ReadOnlyException r ? r : new ReadOnlyException("the store is read-only: " + f.getMessage(), f);
    }
    if (closing) {
      throw new CascadeException("the store is closing");
    }
  }

  /**
   * Inserts a batch part into the memtables, each entry into the memtable whose sequence range holds it, and
   * notes a cross-shard transaction ({@code txn >= 0}) in the newest memtable that received part of it.
   */
  void apply(BatchPart part, long txn, boolean unlogged) {
    MemtableSlot newest = null;
    boolean tombstones = false;
    for (int i = 0; i < part.count(); i++) {
      long seq = part.seq(i);
      MemtableSlot slot = slotFor(seq);
      EntryKind kind = part.kind(i);
      if (kind == EntryKind.RANGE_DELETE) {
        slot.table.addRangeDelete(new RangeTombstone(part.key(i), part.value(i), seq));
        tombstones = true;
      } else {
        slot.table.add(MemorySegment.ofArray(part.key(i)), seq, kind, MemorySegment.ofArray(part.value(i)));
      }
      slot.unlogged |= unlogged;
      if (newest == null || newest.ceiling < slot.ceiling) {
        newest = slot;
      }
    }
    if (txn >= 0 && newest != null) {
      newest.addTxn(txn);
    }
    stats.userBytesWritten += part.userBytes();
    if (tombstones) {
      invalidateView();
    }
  }

  private MemtableSlot slotFor(long seq) {
    for (MemtableSlot s : frozen) {
      if (seq <= s.ceiling) {
        return s;
      }
    }
    return mutable;
  }

  /** Freezes the mutable memtable when it is full; schedules its flush. */
  void maybeFreeze(Shard shard) {
    if (mutable.table.memoryBytes() >= store.options().memtableBytes()) {
      freeze(shard);
    }
  }

  /** Freezes the mutable memtable (if it holds anything) and schedules a flush. Returns the frozen slot or null. */
  MemtableSlot freeze(Shard shard) {
    if (mutable.table.isEmpty() && mutable.table.rangeDeletes().isEmpty()) {
      return null;
    }
    MemtableSlot f = mutable;
    f.ceiling = Math.max(f.table.largestSeq(), frozen.isEmpty() ? 0 : frozen.getLast().ceiling);
    frozen.addLast(f);
    mutable = new MemtableSlot(newMemtable(), wal.nextPosition());
    invalidateView();
    scheduleFlush(shard);
    return f;
  }

  void scheduleFlush(Shard shard) {
    if (!flushRunning && !frozen.isEmpty() && !closing) {
      flushRunning = true;
      flushJob = new FlushJob(this);
      shard.spawn(dev.cascade.engine.runtime.TaskClass.BACKGROUND, flushJob);
    }
  }

  void scheduleCompaction(Shard shard) {
    if (compactionRunning || closing) {
      return;
    }
    if (!manualCompactions.isEmpty() || picker.pick(current.state) != null) {
      compactionRunning = true;
      compactionJob = new CompactionJob(this);
      shard.spawn(dev.cascade.engine.runtime.TaskClass.BACKGROUND, compactionJob);
    }
  }

  /** The write stall the file set and memtables call for now. */
  WriteStall stall() {
    if (frozen.size() >= store.options().immutableMemtablesMax()) {
      return WriteStall.STOP;
    }
    return picker.stallState(current.state);
  }

  /** A promise completed when background work next finishes (a stalled write waits on it). */
  Promise<Void> stallPromise(Shard shard) {
    Promise<Void> p = new Promise<>(shard);
    stallWaiters.add(p);
    return p;
  }

  void releaseStalledWrites() {
    if (stallWaiters.isEmpty()) {
      return;
    }
    List<Promise<Void>> ws = new ArrayList<>(stallWaiters);
    stallWaiters.clear();
    for (Promise<Void> p : ws) {
      p.complete(null);
    }
  }

  /** The WAL position recovery must replay from: the oldest unflushed memtable's start, or a pinned COMMIT. */
  long walReplayFrom(MemtableSlot excluding) {
    long from = mutable.walStart;
    for (MemtableSlot s : frozen) {
      if (s != excluding) {
        from = Math.min(from, s.walStart);
      }
    }
    return Math.min(from, store.ledger().minPinnedPosition(index));
  }

  // ---------------------------------------------------------------- versions and views

  /** Makes {@code state} current, with {@code tables} for its files (existing tables are reused). */
  void install(VersionState state, Map<Long, Table> added) {
    Map<Long, Table> tables = new HashMap<>();
    for (List<FileMeta> level : state.levels()) {
      for (FileMeta f : level) {
        Table t = added.get(f.fileNumber());
        if (t == null) {
          t = current.tables().get(f.fileNumber());
        }
        if (t == null) {
          throw new IllegalStateException("no table for file " + f.fileNumber() + " in shard " + index);
        }
        tables.put(f.fileNumber(), t);
      }
    }
    Version old = current;
    for (var e : old.tables().entrySet()) {
      if (!tables.containsKey(e.getKey())) {
        e.getValue().markObsolete();
      }
    }
    current = new Version(state, tables);
    invalidateView();
    old.unref(engine);
  }

  /** The current read view, referenced for the caller (who unrefs it). */
  ReadView acquireView() {
    if (view == null) {
      MemtableSlot[] ms = new MemtableSlot[frozen.size() + 1];
      int i = 0;
      ms[i++] = mutable;
      var it = frozen.descendingIterator();
      while (it.hasNext()) {
        ms[i++] = it.next();
      }
      view = new ReadView(ms, current);
    }
    view.ref();
    return view;
  }

  void releaseView(ReadView v) {
    v.unref(engine);
  }

  private void invalidateView() {
    if (view != null) {
      view.unref(engine);
      view = null;
    }
  }

  // ---------------------------------------------------------------- reads

  /** Outcome of {@link #lookup}: found a live value, found nothing, or needs a page from disk. */
  static final int FOUND = 1;
  static final int ABSENT = 0;
  static final int MISS = -1;

  /**
   * Looks {@code key} up in {@code v} at {@code snapshot}: memtables, then L0 newest first, then one file per
   * level; the first version found is the newest (see {@link MemtableSlot}). Never does I/O: when a page is not
   * cached it returns MISS with {@code out.missPage} set and {@code missTable} naming the file.
   */
  int lookup(ReadView v, MemorySegment key, long keyHash, long snapshot, LookupResult out, Table[] missTable) {
    out.reset();
    boolean found = false;
    for (MemtableSlot m : v.memtables) {
      if (m.table.get(key, snapshot, out)) {
        found = true;
        break;
      }
    }
    if (!found) {
      byte[] keyBytes = null;
      VersionState s = v.version.state;
      outer:
      for (int level = 0; level < s.levelCount(); level++) {
        if (s.files(level).isEmpty()) {
          continue;
        }
        if (keyBytes == null) {
          keyBytes = Segments.toBytes(key);
        }
        for (FileMeta f : s.filesForKey(level, keyBytes)) {
          Table t = v.version.table(f);
          int r = t.reader.get(key, keyHash, snapshot, out);
          if (r == SstReader.MISS) {
            missTable[0] = t;
            return MISS;
          }
          if (r == SstReader.FOUND) {
            found = true;
            break outer;
          }
        }
      }
    }
    if (!found || out.kind == EntryKind.DELETE) {
      return ABSENT;
    }
    if (out.kind == EntryKind.VALUE_POINTER) {
      throw new CascadeException("found a value pointer in shard " + index + ", but this store has no value log");
    }
    if (!v.tombstones.isEmpty() && v.coveringTombstone(key, snapshot) > out.seq) {
      return ABSENT;
    }
    return FOUND;
  }

  /**
   * Whether an entry of this shard, of any sequence and kind, may have a key in {@code [lowest, highest]}: false
   * only when every memtable's keys and every file's key range lie outside it. Reads no page (file key ranges are
   * in the version), so a borrowing thread may call it.
   */
  boolean mayHaveKeysIn(byte[] lowest, byte[] highest) {
    MemorySegment lo = MemorySegment.ofArray(lowest);
    MemorySegment hi = MemorySegment.ofArray(highest);
    if (mutable.table.mayHaveKeysIn(lo, hi)) {
      return true;
    }
    for (MemtableSlot m : frozen) {
      if (m.table.mayHaveKeysIn(lo, hi)) {
        return true;
      }
    }
    VersionState state = current.state;
    for (int level = 0; level < state.levelCount(); level++) {
      for (FileMeta f : state.files(level)) {
        if (KeyOrder.compare(f.largestKey(), lowest) >= 0 && KeyOrder.compare(f.smallestKey(), highest) <= 0) {
          return true;
        }
      }
    }
    return false;
  }

  static long hash(MemorySegment key) {
    return KeyHash.of(key);
  }

  // ---------------------------------------------------------------- iterator cursors

  private long nextCursorId;

  long openCursor(long snapshot, dev.cascade.engine.ReadOptions ro, long deadlineNanos) {
    closeExpiredCursors();
    long id = nextCursorId++;
    cursors.put(id, new ShardCursor(this, id, snapshot, ro, deadlineNanos));
    return id;
  }

  ShardCursor cursor(long id) {
    ShardCursor c = cursors.get(id);
    if (c == null) {
      throw new CascadeException("iterator is closed (its time limit passed, or the store is closing)");
    }
    return c;
  }

  void closeCursor(long id) {
    ShardCursor c = cursors.remove(id);
    if (c != null) {
      c.close();
    }
  }

  /** Iterators left open past their time limit release their pinned view here. */
  private void closeExpiredCursors() {
    long now = System.nanoTime();
    var it = cursors.values().iterator();
    while (it.hasNext()) {
      ShardCursor c = it.next();
      if (now - c.deadlineNanos > 0) {
        it.remove();
        c.close();
      }
    }
  }

  // ---------------------------------------------------------------- failure, properties, close

  /** A WAL or file-set failure: the whole store becomes read-only. */
  ReadOnlyException fail(Throwable cause) {
    ReadOnlyException e = new ReadOnlyException("shard " + index + " failed; the store is now read-only: "
        + cause.getMessage(), cause);
    store.tracker().fail(e);
    store.reportBackgroundError(e);
    releaseStalledWrites();
    return e;
  }

  ShardProperties properties() {
    VersionState s = current.state;
    long[] files = new long[s.levelCount()];
    long[] bytes = new long[s.levelCount()];
    long live = 0;
    for (int l = 0; l < s.levelCount(); l++) {
      files[l] = s.files(l).size();
      bytes[l] = s.levelBytes(l);
      live += bytes[l];
    }
    long memBytes = mutable.table.memoryBytes();
    for (MemtableSlot f : frozen) {
      memBytes += f.table.memoryBytes();
    }
    var c = cache.stats();
    return new ShardProperties(index, memBytes, frozen.size(), files, bytes, c.hits(), c.misses(),
        c.capacityFrames() * PageCache.PAGE_BYTES, picker.compactionDebtBytes(s), stats.userBytesWritten,
        wal.stats().bytesWritten(), stats.flushBytesWritten, stats.compactionBytesRead, stats.compactionBytesWritten,
        stats.flushes, stats.compactions, stats.stallSlowdowns, stats.stallStops, stats.stallNanos, live);
  }

  /**
   * Closes the shard on its thread: flushes unlogged writes, then closes the WAL, files and cache. Tolerates a
   * shard whose open failed half way.
   */
  void close() {
    closing = true;
    if (compactionJob != null && compactionRunning) {
      compactionJob.abandon();
    }
    if (flushJob != null && flushRunning) {
      flushJob.abandon();
    }
    for (ShardCursor c : new ArrayList<>(cursors.values())) {
      c.close();
    }
    cursors.clear();
    RuntimeException first = null;
    try {
      if (wal != null && store.tracker() != null && store.tracker().failure() == null && hasUnloggedWrites()) {
        FlushJob.flushAllBlocking(this);
      }
    } catch (RuntimeException e) {
      first = e;
    }
    try {
      if (wal != null) {
        wal.close();
      }
    } catch (RuntimeException e) {
      first = first == null ? e : first;
    }
    invalidateView();
    if (mutable != null) {
      mutable.table.release();
    }
    for (MemtableSlot f : frozen) {
      f.table.release();
    }
    frozen.clear();
    if (current != null) {
      current.unref(engine);
    }
    for (Promise<Void> p : stallWaiters) {
      p.fail(new CascadeException("the store is closing"));
    }
    stallWaiters.clear();
    if (cache != null) {
      cache.close();
    }
    if (versionIo != null) {
      versionIo.close();
    }
    if (first != null) {
      throw first;
    }
  }

  private boolean hasUnloggedWrites() {
    if (mutable.unlogged) {
      return true;
    }
    for (MemtableSlot f : frozen) {
      if (f.unlogged) {
        return true;
      }
    }
    return false;
  }

  /** A manual compaction request: the range and the promise its caller waits on. */
  record ManualCompaction(byte[] lo, byte[] hi, Promise<Void> done) {}

  /**
   * Counters of this shard.
   *
   * <p>Thread ownership: owned by the shard.
   */
  static final class Stats {
    long userBytesWritten;
    long flushBytesWritten;
    long compactionBytesRead;
    long compactionBytesWritten;
    long flushes;
    long compactions;
    long stallSlowdowns;
    long stallStops;
    long stallNanos;
  }

  @Override
  public String toString() {
    return "ShardStore[" + index + ", " + dir + "]";
  }
}
