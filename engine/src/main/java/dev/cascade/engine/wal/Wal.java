package dev.cascade.engine.wal;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.Errno;
import dev.cascade.engine.ReadOnlyException;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * One shard's write-ahead log: a ring of preallocated segment files written in whole 4 KB pages (O_DIRECT where
 * the file system allows), with group commit. engine/docs/wal-format.md specifies the format and the rules; in
 * short:
 *
 * <ul>
 *   <li>{@link #append} packs a record into the group being built (fragmenting it over pages, and over segments
 *       when it reaches the end of one) and returns its {@link WalPosition}.
 *   <li>{@link #commit} completes once everything appended before it is written (and synced, if asked). At most
 *       one group is in flight; records appended meanwhile form the next group, issued when it completes. A
 *       synced group ends its page with a PAD; the next group starts on a fresh page, so a page holding records
 *       acknowledged by a sync is never written again. After a buffered group the next group rewrites the
 *       unfinished page with the same bytes in front.
 *   <li>A failed write or sync fails the waiting promises with its {@link StorageIoException}; every later
 *       append or commit is refused with a {@link ReadOnlyException} naming it. An fsync is never retried.
 *   <li>{@link #retire} frees segments whose records are all in flushed SSTs; when the next segment is not free
 *       the ring grows by one file, up to {@link WalOptions#segmentCountMax()}.
 * </ul>
 *
 * <p>Thread ownership: owned by its shard (the thread owning {@code queue}); promises are of its loop.
 */
public final class Wal implements AutoCloseable {
  /** Receives replayed records in log order. {@code payload} is valid only during the call. */
  @FunctionalInterface
  public interface RecordSink {
    void accept(long position, long seq, MemorySegment payload);
  }

  /** Largest record payload: a value of {@link Limits#VALUE_BYTES_MAX} plus its key and batch framing. */
  public static final long RECORD_BYTES_MAX = Limits.VALUE_BYTES_MAX + (1L << 20);

  private static final int PAGE = WalFormat.PAGE_BYTES;
  private static final int HEADER = WalFormat.HEADER_BYTES;
  private static final Pattern SEGMENT_NAME = Pattern.compile("wal-(\\d{6})\\.log");
  private static final System.Logger LOG = System.getLogger(Wal.class.getName());

  private record Waiter(long target, boolean sync, Promise<Void> promise) {}

  private final IoEngine engine;
  private final IoQueue queue;
  private final EventLoop loop;
  private final Path dir;
  private final WalOptions options;
  private final List<WalSegment> segments;
  private final CRC32C crc = new CRC32C();
  private final List<Waiter> waiters = new ArrayList<>();
  // The writer: segment, generation, page being filled and how much of it is used.
  private WalSegment current;
  private int gen;
  private long pageOffset;
  private int pageUsed;
  /** Position just after the last fragment (or LINK page) put in the log. */
  private long fragmentEnd;
  /** Position just after the last record appended. */
  private long appendedEnd;
  private long writtenPosition;
  private long syncedPosition;
  private long retired;
  private WalGroup building = new WalGroup();
  private WalGroup spare = new WalGroup();
  private WalGroup inFlight;
  private CascadeException failure;
  private boolean closed;
  // The generation the first append starts (prepared at open).
  private boolean started;
  private WalSegment startSegment;
  private long startAt;
  private long startPrevEnd;
  private int startGeneration;
  private long bytesAppended;
  private long bytesWritten;
  private long groups;
  private long syncs;
  private long recordsReplayed;

  private Wal(IoEngine engine, IoQueue queue, EventLoop loop, Path dir, WalOptions options,
      List<WalSegment> segments) {
    this.engine = engine;
    this.queue = queue;
    this.loop = loop;
    this.dir = dir;
    this.options = options;
    this.segments = segments;
  }

  /**
   * Opens (creating and preallocating on first use) the ring in {@code dir}, replays the records at or after
   * {@code replayFrom} to {@code sink}, syncs the segment holding the end of the log, and positions the writer:
   * the first append starts a new generation on a fresh page after the last valid record (its LINK page written
   * and synced on its own before any of its records). Blocking ({@code queue.await}); called on the owning thread
   * at store open.
   *
   * @throws dev.cascade.engine.CorruptionException when the log is damaged other than by a torn tail
   */
  public static Wal open(IoEngine engine, IoQueue queue, EventLoop loop, Path dir, WalOptions options,
      long replayFrom, RecordSink sink) {
    engine.createDirectories(dir);
    List<WalSegment> segments = openSegments(engine, dir, options);
    Wal wal = new Wal(engine, queue, loop, dir, options, segments);
    try {
      WalRecovery.Result r;
      try (WalRecovery recovery = new WalRecovery(queue, segments, replayFrom, sink)) {
        r = recovery.run();
      }
      wal.recordsReplayed = r.records();
      wal.retired = replayFrom;
      wal.prepareStart(r, replayFrom);
      return wal;
    } catch (RuntimeException e) {
      wal.closeFiles();
      throw e;
    }
  }

  // ---------------------------------------------------------------- segment files

  private static List<WalSegment> openSegments(IoEngine engine, Path dir, WalOptions options) {
    int count = options.segmentCount();
    for (Path name : engine.list(dir)) {
      Matcher m = SEGMENT_NAME.matcher(name.toString());
      if (m.matches()) {
        count = Math.max(count, Integer.parseInt(m.group(1)) + 1);
      }
    }
    if (count > WalOptions.SEGMENT_COUNT_MAX) {
      throw new CascadeException("WAL directory " + dir + " holds segment number " + (count - 1) + ", beyond the limit "
          + "of " + WalOptions.SEGMENT_COUNT_MAX + " segments");
    }
    List<WalSegment> segments = new ArrayList<>();
    boolean created = false;
    try {
      for (int i = 0; i < count; i++) {
        Path path = dir.resolve(WalSegment.fileName(i));
        created |= !engine.exists(path);
        segments.add(openSegment(engine, path, i, options));
      }
      if (created) {
        engine.syncDirectory(dir);
      }
    } catch (RuntimeException e) {
      segments.forEach(s -> engine.close(s.file));
      throw e;
    }
    return segments;
  }

  /**
   * Opens segment {@code index}, preallocating it when it is new (zero-filled, or sparse: {@link
   * WalOptions#zeroFill}). A segment shorter than a valid segment (its creation was cut short, or it was truncated)
   * is extended with zeros the same way, keeping what it holds; one larger than
   * {@link WalOptions#SEGMENT_BYTES_MAX} is refused.
   */
  private static WalSegment openSegment(IoEngine engine, Path path, int index, WalOptions options) {
    IoFile file = openFile(engine, path, options.directIo());
    try {
      long size = engine.size(file);
      if (size > WalOptions.SEGMENT_BYTES_MAX) {
        throw new CorruptionException(path, 0, "WAL segment", "file size " + size + " exceeds the limit of "
            + WalOptions.SEGMENT_BYTES_MAX + " bytes (WalOptions.SEGMENT_BYTES_MAX)");
      }
      if (size < WalOptions.SEGMENT_BYTES_MIN || size % PAGE != 0) {
        long kept = WalFormat.pageUp(size);
        long target = Math.max(kept, Math.max(WalOptions.SEGMENT_BYTES_MIN, size == 0 ? options.segmentBytes() : 0));
        if (size != 0) {
          LOG.log(System.Logger.Level.WARNING, "WAL segment " + path + " has size " + size
              + ", not a valid segment size (creation cut short, or truncated): extending it with zeros to " + target);
          engine.truncate(file, kept);
        }
        if (options.zeroFill()) {
          engine.preallocate(file, kept, target - kept);
        } else {
          engine.truncate(file, target); // sparse: the rest reads as zeros, like written zeros
        }
        size = target;
      }
      return new WalSegment(index, path, file, size);
    } catch (RuntimeException e) {
      engine.close(file);
      throw e;
    }
  }

  private static IoFile openFile(IoEngine engine, Path path, boolean direct) {
    if (direct) {
      try {
        return engine.open(path, OpenFlag.CREATE, OpenFlag.DIRECT);
      } catch (StorageIoException e) {
        if (e.errno() != Errno.EINVAL) {
          throw e;
        }
        LOG.log(System.Logger.Level.INFO, "WAL segment " + path + ": the file system refuses O_DIRECT; buffered I/O");
      }
    }
    return engine.open(path, OpenFlag.CREATE, OpenFlag.INLINE_SMALL_WRITES);
  }

  /** Adds segment file number {@code segments.size()} to the ring: created, preallocated, its entry synced. */
  private WalSegment growRing() {
    int index = segments.size();
    Path path = dir.resolve(WalSegment.fileName(index));
    WalSegment s = openSegment(engine, path, index, options);
    segments.add(s);
    engine.syncDirectory(dir);
    LOG.log(System.Logger.Level.INFO, "WAL " + dir + " grew to " + segments.size() + " segments: records not yet "
        + "retired fill the others");
    return s;
  }

  /** The free segment to write next (the oldest), growing the ring when none is free. */
  private WalSegment acquireSegment() {
    WalSegment best = null;
    for (WalSegment s : segments) {
      if (s != current && s.endPosition() <= retired
          && (best == null || s.lastGeneration < best.lastGeneration)) {
        best = s;
      }
    }
    if (best != null) {
      return best;
    }
    if (segments.size() < options.segmentCountMax()) {
      return growRing();
    }
    throw full();
  }

  private int segmentsAvailable() {
    int n = options.segmentCountMax() - segments.size();
    for (WalSegment s : segments) {
      if (s != current && s.endPosition() <= retired) {
        n++;
      }
    }
    return n;
  }

  private CascadeException full() {
    return new CascadeException("WAL " + dir + " is full: all " + segments.size() + " segments (the limit, "
        + "WalOptions.segmentCountMax) hold records that are not retired yet, because their memtables are not "
        + "flushed to SSTs; retired up to " + WalPosition.toString(retired));
  }

  // ---------------------------------------------------------------- generations

  /**
   * After recovery: syncs the segment holding the end of the log (what was read back is then durable, whatever
   * the crash left in caches) and prepares the new generation that the first append starts on a fresh page after
   * it. Starting lazily lets a store whose WAL is full open, replay, flush and retire before it appends.
   */
  private void prepareStart(WalRecovery.Result r, long replayFrom) {
    long next = Math.max(r.lastGeneration(), WalPosition.generation(replayFrom)) + 1L;
    if (next > WalPosition.GENERATION_MAX) {
      throw new CascadeException("WAL " + dir + " has used every generation up to " + WalPosition.GENERATION_MAX);
    }
    startGeneration = (int) next;
    startPrevEnd = r.endPosition();
    current = r.tail();
    startSegment = null;
    if (r.tail() != null) {
      queue.await(queue.sync(r.tail().file, true)).get();
      long x = r.endPosition();
      startAt = WalPosition.generation(x) >= r.tail().firstGeneration ? WalFormat.pageUp(WalPosition.offset(x)) : PAGE;
      if (startAt < r.tail().sizeBytes) {
        startSegment = r.tail();
      }
    }
  }

  /** Starts the generation prepared at open: its LINK goes into the first group. */
  private void ensureStarted() {
    if (started) {
      return;
    }
    if (startSegment != null) {
      putLink(startSegment, startAt, startPrevEnd, startGeneration);
    } else {
      putLink(acquireSegment(), 0, startPrevEnd, startGeneration);
    }
    started = true;
  }

  /**
   * Puts a LINK page for generation {@code generation} at {@code at} in {@code seg} into the group being built:
   * written and synced on its own, before any record of the generation, and never written again.
   */
  private void putLink(WalSegment seg, long at, long prevEnd, int generation) {
    current = seg;
    gen = generation;
    seg.lastGeneration = generation;
    if (at == 0) {
      seg.firstGeneration = generation;
      seg.linkPrevEnd = prevEnd;
    }
    MemorySegment page = building.openPage(seg, at);
    page.set(WalFormat.U32, HEADER, WalFormat.LINK_MAGIC);
    page.set(WalFormat.U16, HEADER + 4, WalFormat.FORMAT_VERSION);
    page.set(WalFormat.U64, HEADER + 8, prevEnd);
    WalFormat.put(page, 0, WalFormat.TYPE_LINK, WalFormat.LINK_PAYLOAD_BYTES, generation, 0, 0, null, crc);
    int pad = HEADER + WalFormat.LINK_PAYLOAD_BYTES;
    WalFormat.put(page, pad, WalFormat.TYPE_PAD, PAGE - pad - HEADER, generation, 0, 0, null, crc);
    building.closeStep(true);
    pageOffset = at;
    pageUsed = PAGE;
    fragmentEnd = WalPosition.of(generation, at + PAGE);
  }

  // ---------------------------------------------------------------- append

  /**
   * Appends one record to the group being built and returns its position. The payload is copied; at most
   * {@link #RECORD_BYTES_MAX} bytes.
   *
   * @throws ReadOnlyException after a failed write or sync
   * @throws CascadeException when the WAL is full (records not retired) or too much was appended without a commit
   */
  public long append(long seq, MemorySegment payload) {
    checkWritable();
    long length = payload.byteSize();
    if (length > RECORD_BYTES_MAX) {
      throw new IllegalArgumentException("WAL record of " + length + " bytes exceeds the limit of "
          + RECORD_BYTES_MAX + " bytes (Wal.RECORD_BYTES_MAX)");
    }
    ensureStarted();
    reserve(length);
    try {
      return place(seq, payload);
    } catch (RuntimeException e) {
      // Growing the ring failed half-way through the record: the log cannot go on consistently.
      fail(e);
      throw e;
    }
  }

  /** Puts the record's fragments into the group being built; returns its position. */
  private long place(long seq, MemorySegment payload) {
    long length = payload.byteSize();
    if (PAGE - pageUsed < HEADER) {
      advancePage();
    }
    long position = WalPosition.of(gen, pageOffset + pageUsed);
    long done = 0;
    boolean first = true;
    while (true) {
      MemorySegment page = pageForWrite();
      int n = (int) Math.min(PAGE - pageUsed - HEADER, length - done);
      boolean last = done + n == length;
      byte type = first ? (last ? WalFormat.TYPE_FULL : WalFormat.TYPE_FIRST)
          : (last ? WalFormat.TYPE_LAST : WalFormat.TYPE_MIDDLE);
      WalFormat.put(page, pageUsed, type, n, gen, syncedOffset(), seq, payload.asSlice(done, n), crc);
      pageUsed += HEADER + n;
      done += n;
      first = false;
      fragmentEnd = WalPosition.of(gen, pageOffset + pageUsed);
      if (last) {
        break;
      }
      advancePage();
    }
    appendedEnd = fragmentEnd;
    building.records++;
    bytesAppended += length;
    return position;
  }

  /**
   * Checks, before anything changes, that a record of {@code length} bytes finds the segments it will cross into
   * and fits the group buffer (walking its pages as {@link #append} will, with the smallest segment size).
   */
  private void reserve(long length) {
    long off = pageOffset;
    long used = pageUsed;
    long size = current.sizeBytes;
    long pages = 1;
    int switches = 0;
    long remaining = length;
    boolean started = PAGE - used >= HEADER;
    while (true) {
      if (!started) {
        off += PAGE;
        used = 0;
        pages++;
        if (off >= size) {
          switches++;
          pages++;
          off = PAGE;
          size = smallestSegmentBytes();
        }
      }
      started = false;
      long n = Math.min(PAGE - used - HEADER, remaining);
      remaining -= n;
      used += HEADER + n;
      if (remaining == 0) {
        break;
      }
    }
    building.ensureCapacity(building.fillBytes() + pages * PAGE);
    if (switches > segmentsAvailable()) {
      throw full();
    }
  }

  private long smallestSegmentBytes() {
    long min = options.segmentBytes();
    for (WalSegment s : segments) {
      min = Math.min(min, s.sizeBytes);
    }
    return min;
  }

  /** Moves the writer to the next page, into the next segment (after its LINK page) at the end of one. */
  private void advancePage() {
    pageOffset += PAGE;
    pageUsed = 0;
    if (pageOffset >= current.sizeBytes) {
      WalSegment next = acquireSegment();
      building.syncSegment(current);
      long generation = gen + 1L;
      if (generation > WalPosition.GENERATION_MAX) {
        throw new CascadeException("WAL " + dir + " has used every generation up to " + WalPosition.GENERATION_MAX);
      }
      putLink(next, 0, fragmentEnd, (int) generation);
      pageOffset = PAGE;
      pageUsed = 0;
    }
  }

  /** The page being filled, in the group being built (invariant: a page with bytes in it is open there). */
  private MemorySegment pageForWrite() {
    if (building.hasOpenPage(current, pageOffset)) {
      return building.currentPage();
    }
    if (pageUsed != 0) {
      throw new IllegalStateException("WAL page " + pageOffset + " of " + current.path + " holds " + pageUsed
          + " bytes but is not in the group being built");
    }
    return building.openPage(current, pageOffset);
  }

  /** The durable watermark recorded in fragments: an offset in the current generation, or 0. */
  private int syncedOffset() {
    return WalPosition.generation(syncedPosition) == gen ? (int) WalPosition.offset(syncedPosition) : 0;
  }

  private void checkWritable() {
    if (closed) {
      throw new IllegalStateException("WAL " + dir + " is closed");
    }
    if (failure != null) {
      throw readOnly();
    }
  }

  private ReadOnlyException readOnly() {
    return new ReadOnlyException("WAL " + dir + " refuses appends after a failed write or sync: "
        + failure.getMessage(), failure);
  }

  // ---------------------------------------------------------------- commit

  /**
   * Completes (on the owner's loop) once every record appended before the call is written, and synced if
   * {@code sync}. Starts a group write now if none is in flight. Fails with the I/O error if the write or sync
   * fails, or with a {@link ReadOnlyException} if one failed before.
   */
  public Promise<Void> commit(boolean sync) {
    if (closed) {
      throw new IllegalStateException("WAL " + dir + " is closed");
    }
    if (failure != null) {
      return Promise.failed(loop, readOnly());
    }
    long target = appendedEnd;
    if (target <= (sync ? syncedPosition : writtenPosition)) {
      return Promise.completed(loop, null);
    }
    Promise<Void> p = new Promise<>(loop);
    waiters.add(new Waiter(target, sync, p));
    issue();
    return p;
  }

  /** Issues the group being built if a commit waits for it and no group is in flight. */
  private void issue() {
    if (inFlight != null || failure != null || waiters.isEmpty()) {
      return;
    }
    boolean sync = false;
    for (Waiter w : waiters) {
      sync |= w.sync();
    }
    WalGroup g = building;
    if (g.isEmpty() && !sync) {
      return;
    }
    g.endPosition = appendedEnd;
    g.synced = sync;
    if (sync) {
      endPageForSync(g);
    }
    building = spare;
    spare = null;
    if (!sync && pageUsed > 0 && PAGE - pageUsed >= HEADER) {
      // The next group rewrites this unfinished page: same bytes in front, more records after.
      MemorySegment tail = g.currentPage();
      MemorySegment.copy(tail, 0, building.openPage(current, pageOffset), 0, pageUsed);
    }
    inFlight = g;
    groups++;
    runStep(g, 0);
  }

  /** A synced group ends its page (a PAD fills an unfinished one) and syncs the segment being written. */
  private void endPageForSync(WalGroup g) {
    if (pageUsed > 0) {
      int room = PAGE - pageUsed;
      if (room >= HEADER) {
        MemorySegment page = pageForWrite();
        WalFormat.put(page, pageUsed, WalFormat.TYPE_PAD, room - HEADER, gen, syncedOffset(), 0, null, crc);
      }
      pageUsed = PAGE;
    }
    g.syncSegment(current);
  }

  private void runStep(WalGroup g, int i) {
    if (i == g.steps().size()) {
      groupDone(g, null);
      return;
    }
    WalGroup.Step s = g.steps().get(i);
    Promise<Void> p;
    try {
      if (s.lengthBytes == 0) {
        p = queue.sync(s.segment.file, true);
      } else {
        MemorySegment src = g.buffer().asSlice(s.bufferOffset, s.lengthBytes);
        p = s.sync ? queue.writeAndSync(s.segment.file, s.fileOffset, src, true)
            : queue.write(s.segment.file, s.fileOffset, src);
        bytesWritten += s.lengthBytes;
      }
      if (s.sync) {
        syncs++;
      }
    } catch (RuntimeException e) {
      groupDone(g, e);
      return;
    }
    p.onComplete(done -> {
      Throwable t = done.failure();
      done.release();
      if (t != null) {
        groupDone(g, t);
      } else {
        runStep(g, i + 1);
      }
    });
  }

  private void groupDone(WalGroup g, Throwable t) {
    inFlight = null;
    long end = g.endPosition;
    boolean synced = g.synced;
    g.reset();
    spare = g;
    if (t != null) {
      fail(t);
      return;
    }
    writtenPosition = Math.max(writtenPosition, end);
    if (synced) {
      syncedPosition = Math.max(syncedPosition, end);
    }
    List<Waiter> ready = new ArrayList<>();
    waiters.removeIf(w -> {
      boolean done = w.target() <= (w.sync() ? syncedPosition : writtenPosition);
      if (done) {
        ready.add(w);
      }
      return done;
    });
    issue();
    for (Waiter w : ready) {
      w.promise().complete(null);
    }
  }

  private void fail(Throwable t) {
    if (failure == null) {
      failure = t instanceof CascadeException ce ? ce
          : new CascadeException("WAL " + dir + " write failed: " + t.getMessage(), t);
      LOG.log(System.Logger.Level.ERROR, "WAL " + dir + " is read-only after a failed write or sync", t);
    }
    List<Waiter> failed = new ArrayList<>(waiters);
    waiters.clear();
    for (Waiter w : failed) {
      w.promise().fail(t);
    }
  }

  /** Drives the queue on the owner thread until no group is in flight. */
  private void drive() {
    while (inFlight != null) {
      if (queue.poll() == 0 && inFlight != null) {
        queue.sleep(IoQueue.AWAIT_SLEEP_NANOS_MAX);
      }
    }
  }

  // ---------------------------------------------------------------- positions, retirement, stats

  /** Position the next append will get (the store notes it when it freezes a memtable). */
  public long nextPosition() {
    if (!started) {
      if (startSegment == null) {
        return WalPosition.of(startGeneration, PAGE);
      }
      return startAt + PAGE >= startSegment.sizeBytes ? WalPosition.of(startGeneration + 1L, PAGE)
          : WalPosition.of(startGeneration, startAt + PAGE);
    }
    if (PAGE - pageUsed >= HEADER) {
      return WalPosition.of(gen, pageOffset + pageUsed);
    }
    long next = pageOffset + PAGE;
    return next >= current.sizeBytes ? WalPosition.of(gen + 1L, PAGE) : WalPosition.of(gen, next);
  }

  /** Records before {@code position} are in flushed SSTs: segments wholly before it may be reused. */
  public void retire(long position) {
    retired = Math.max(retired, position);
  }

  public WalStats stats() {
    int inUse = 0;
    for (WalSegment s : segments) {
      if (s == current || s.endPosition() > retired) {
        inUse++;
      }
    }
    return new WalStats(bytesAppended, bytesWritten, groups, syncs, segments.size(), inUse, recordsReplayed);
  }

  public WalOptions options() {
    return options;
  }

  /** True when the segment files are open with O_DIRECT. */
  public boolean direct() {
    return segments.getFirst().file.direct();
  }

  /**
   * Writes and syncs what was appended and not yet written (unless a write failed), waits for the group in
   * flight, and closes the files. Owner thread; closing twice is a no-op.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (failure == null && (!building.isEmpty() || !waiters.isEmpty())) {
        commit(true);
      }
      drive();
    } finally {
      closed = true;
      building.free();
      if (spare != null) {
        spare.free();
      }
      closeFiles();
    }
  }

  /** Tests: the segment file being written. */
  Path currentSegmentPath() {
    ensureStarted();
    return current.path;
  }

  /** Tests: the position just after the last fragment put in the log. */
  long fragmentEnd() {
    return fragmentEnd;
  }

  /** Tests: drops the WAL without any I/O, as a crash does (its files are dead already). */
  void abandon() {
    closed = true;
    if (inFlight == null) {
      building.free();
      if (spare != null) {
        spare.free();
      }
    }
  }

  private void closeFiles() {
    for (WalSegment s : segments) {
      engine.close(s.file);
    }
  }

  @Override
  public String toString() {
    return "Wal[" + dir + ", " + segments.size() + " segments, next " + WalPosition.toString(nextPosition())
        + (failure != null ? ", read-only" : "") + "]";
  }
}
