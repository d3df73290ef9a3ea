package dev.cascade.engine.wal;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoQueue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Replays a WAL at open (engine/docs/wal-format.md, "Recovery"): finds the segment holding the newest LINK,
 * walks the LINKs back to the segment holding the replay start, then reads forward, reassembling fragments and
 * handing every record at or after the replay start to the sink. Where reading stops it either follows the LINK
 * of a resumed generation, or ends the log there (a torn tail), or reports a {@link CorruptionException} when the
 * disk proves that what follows was acknowledged after a sync.
 *
 * <p>Owned by the opening thread; used once.
 */
final class WalRecovery implements AutoCloseable {
  static final String KIND = "WAL record";

  /** Where the log ends: {@code tail} holds the end {@code endPosition}; null tail for an empty log. */
  record Result(WalSegment tail, long endPosition, int lastGeneration, long records) {}

  private final List<WalSegment> segments;
  private final long replayFrom;
  private final Wal.RecordSink sink;
  private final WalSegmentReader reader;
  private final WalFragment f = new WalFragment();
  private final Arena arena = Arena.ofConfined();
  private MemorySegment assembly = arena.allocate(WalFormat.PAGE_BYTES);
  private long assemblyBytes;
  private boolean pending;
  private long recordStart;
  private long recordSequence;
  private long records;
  /** Reading the tail of a record whose start lies before the first segment read (and so before replayFrom). */
  private boolean orphan;
  // The cursor: segment, generation being read, byte offset in the segment.
  private WalSegment seg;
  private int gen;
  private long cursor;

  WalRecovery(IoQueue queue, List<WalSegment> segments, long replayFrom, Wal.RecordSink sink) {
    this.segments = segments;
    this.replayFrom = replayFrom;
    this.sink = sink;
    long sizeMax = WalFormat.PAGE_BYTES;
    for (WalSegment s : segments) {
      sizeMax = Math.max(sizeMax, s.sizeBytes);
    }
    this.reader = new WalSegmentReader(queue, sizeMax);
  }

  Result run() {
    WalSegment last = null;
    for (WalSegment s : segments) {
      readLink(s);
      if (s.firstGeneration > 0 && (last == null || s.firstGeneration > last.firstGeneration)) {
        last = s;
      }
    }
    if (last == null) {
      // An empty log, also with a replay start: nextPosition() names positions before anything is durable.
      return new Result(null, WalPosition.NONE, 0, 0);
    }
    Deque<WalSegment> chain = chain(last);
    long end = WalPosition.NONE;
    orphan = chain.getFirst().linkPrevEnd != WalPosition.NONE;
    for (WalSegment s : chain) {
      end = readSegment(s, s == last);
    }
    // A replay start beyond the end is no error: nextPosition() names the generation an append would start, and
    // a crash may come before anything of it is durable, any number of times.
    return new Result(last, end, gen, records);
  }

  /** Sets the segment's first generation from the LINK at its offset 0 (0 when there is none). */
  private void readLink(WalSegment s) {
    s.firstGeneration = 0;
    s.lastGeneration = 0;
    s.linkPrevEnd = WalPosition.NONE;
    MemorySegment page = reader.page(s, 0);
    if (f.decode(page, 0) == null && f.type == WalFormat.TYPE_LINK && validLink(s, page, 0)) {
      s.firstGeneration = f.generation;
      s.linkPrevEnd = page.get(WalFormat.U64, WalFormat.HEADER_BYTES + 8);
    }
  }

  /** Checks a decoded LINK's payload; an unknown format version is refused, not read. */
  private boolean validLink(WalSegment s, MemorySegment page, long at) {
    if (f.length != WalFormat.LINK_PAYLOAD_BYTES
        || page.get(WalFormat.U32, WalFormat.HEADER_BYTES) != WalFormat.LINK_MAGIC) {
      return false;
    }
    short version = page.get(WalFormat.U16, WalFormat.HEADER_BYTES + 4);
    if (version != WalFormat.FORMAT_VERSION) {
      throw new CascadeException("WAL segment " + s.path + " at offset " + at + " has format version " + version
          + "; this build reads version " + WalFormat.FORMAT_VERSION);
    }
    return true;
  }

  /** The segments from the one holding the replay start to {@code last}, each but the last with its bound. */
  private Deque<WalSegment> chain(WalSegment last) {
    Deque<WalSegment> chain = new ArrayDeque<>();
    chain.addFirst(last);
    WalSegment cur = last;
    while (cur.linkPrevEnd != WalPosition.NONE && Long.compareUnsigned(cur.linkPrevEnd, replayFrom) > 0) {
      int h = WalPosition.generation(cur.linkPrevEnd);
      WalSegment prev = null;
      for (WalSegment s : segments) {
        if (s.firstGeneration > 0 && s.firstGeneration <= h && s.firstGeneration < cur.firstGeneration
            && (prev == null || s.firstGeneration > prev.firstGeneration)) {
          prev = s;
        }
      }
      if (prev == null || chain.contains(prev)) {
        throw new CorruptionException(cur.path, 0, KIND, "its LINK continues the log from "
            + WalPosition.toString(cur.linkPrevEnd) + " but no segment holds generation " + h);
      }
      prev.bound = cur.linkPrevEnd;
      chain.addFirst(prev);
      cur = prev;
    }
    return chain;
  }

  /** Reads one segment of the chain; returns where its log ends (its bound, for all but the last). */
  private long readSegment(WalSegment s, boolean last) {
    seg = s;
    gen = s.firstGeneration;
    s.lastGeneration = gen;
    cursor = WalFormat.PAGE_BYTES;
    while (true) {
      if (!last && gen == WalPosition.generation(s.bound) && cursor == WalPosition.offset(s.bound)) {
        return s.bound;
      }
      String bad = cursor >= s.sizeBytes ? "end of segment" : step();
      if (bad == null) {
        continue;
      }
      long x = pending ? recordStart : WalPosition.of(gen, cursor);
      if (orphan || (pending && WalPosition.generation(recordStart) < s.firstGeneration)) {
        // Only the rest of a record begun in an earlier segment was read: the log ends where this segment's LINK
        // says the previous one did (whether that segment was read depends on the replay start).
        x = s.linkPrevEnd;
      }
      if (followResume(x)) {
        continue;
      }
      if (!last) {
        throw new CorruptionException(s.path, cursor, KIND, bad + "; but the next segment continues the log from "
            + WalPosition.toString(s.bound));
      }
      checkTail(x, bad);
      pending = false;
      return x;
    }
  }

  /** Reads the fragment at the cursor and advances past it; returns null, or why reading stops here. */
  private String step() {
    int inPage = (int) (cursor % WalFormat.PAGE_BYTES);
    MemorySegment page = reader.page(seg, cursor - inPage);
    int room = WalFormat.PAGE_BYTES - inPage;
    if (room < WalFormat.HEADER_BYTES) {
      if (!WalFragment.isZero(page, inPage, room)) {
        return "non-zero bytes in the " + room + "-byte trailer of a page";
      }
      cursor += room;
      return null;
    }
    String bad = f.decode(page, inPage);
    if (bad != null) {
      return bad == WalFragment.ZEROS ? "zeros where a record header was expected" : bad;
    }
    if (f.generation != gen) {
      String link = f.type == WalFormat.TYPE_LINK && inPage == 0
          ? " (continuing from " + WalPosition.toString(page.get(WalFormat.U64, WalFormat.HEADER_BYTES + 8)) + ")" : "";
      return WalFormat.typeName(f.type) + " fragment of generation " + f.generation + link + " inside generation "
          + gen;
    }
    if (f.type == WalFormat.TYPE_PAD) {
      cursor += room;
      return null;
    }
    if (f.type == WalFormat.TYPE_LINK) {
      return "LINK of the generation being read";
    }
    bad = assemble(page.asSlice(inPage + WalFormat.HEADER_BYTES, f.length));
    if (bad == null) {
      cursor += WalFormat.HEADER_BYTES + f.length;
    }
    return bad;
  }

  private String assemble(MemorySegment payload) {
    long position = WalPosition.of(gen, cursor);
    boolean continuation = f.type == WalFormat.TYPE_MIDDLE || f.type == WalFormat.TYPE_LAST;
    orphan &= continuation;
    switch (f.type) {
      case WalFormat.TYPE_FULL, WalFormat.TYPE_FIRST -> {
        if (pending) {
          return WalFormat.typeName(f.type) + " fragment inside the record started at "
              + WalPosition.toString(recordStart);
        }
        if (f.type == WalFormat.TYPE_FULL) {
          deliver(position, f.sequence, payload);
          return null;
        }
        pending = true;
        recordStart = position;
        recordSequence = f.sequence;
        assemblyBytes = 0;
      }
      default -> {
        if (!pending && orphan) {
          orphan = f.type != WalFormat.TYPE_LAST;
          return null;
        }
        if (!pending) {
          return WalFormat.typeName(f.type) + " fragment without a FIRST";
        }
        if (f.sequence != recordSequence) {
          return "fragment of sequence " + f.sequence + " inside the record of sequence " + recordSequence;
        }
      }
    }
    if (assemblyBytes + payload.byteSize() > Wal.RECORD_BYTES_MAX) {
      return "record longer than the limit of " + Wal.RECORD_BYTES_MAX + " bytes";
    }
    growAssembly(assemblyBytes + payload.byteSize());
    MemorySegment.copy(payload, 0, assembly, assemblyBytes, payload.byteSize());
    assemblyBytes += payload.byteSize();
    if (f.type == WalFormat.TYPE_LAST) {
      pending = false;
      deliver(recordStart, recordSequence, assembly.asSlice(0, assemblyBytes));
    }
    return null;
  }

  private void growAssembly(long bytes) {
    if (bytes <= assembly.byteSize()) {
      return;
    }
    MemorySegment bigger = arena.allocate(Math.min(Math.max(bytes, assembly.byteSize() * 2), Wal.RECORD_BYTES_MAX));
    MemorySegment.copy(assembly, 0, bigger, 0, assemblyBytes);
    assembly = bigger; // The old one goes with the arena: recovery is short.
  }

  private void deliver(long position, long sequence, MemorySegment payload) {
    records++;
    if (Long.compareUnsigned(position, replayFrom) >= 0) {
      sink.accept(position, sequence, payload);
    }
  }

  /**
   * Where reading stopped with the log ending at {@code x}: if the page where a writer resuming after {@code x}
   * puts its LINK holds one for a newer generation naming {@code x}, continues there and returns true.
   */
  private boolean followResume(long x) {
    long resumeAt = WalPosition.generation(x) >= seg.firstGeneration
        ? WalFormat.pageUp(WalPosition.offset(x)) : WalFormat.PAGE_BYTES;
    if (resumeAt >= seg.sizeBytes) {
      return false;
    }
    MemorySegment page = reader.page(seg, resumeAt);
    if (f.decode(page, 0) != null || f.type != WalFormat.TYPE_LINK || f.generation <= gen
        || !validLink(seg, page, resumeAt)) {
      return false;
    }
    long prevEnd = page.get(WalFormat.U64, WalFormat.HEADER_BYTES + 8);
    // Right after a segment's LINK page nothing of the segment was read: the end of the log there has two names,
    // where the previous segment ended and this segment's first record position; a reader that skipped the
    // previous segment cannot tell which one the resuming writer saw.
    boolean segmentStart = resumeAt == WalFormat.PAGE_BYTES && gen == seg.firstGeneration
        && (prevEnd == seg.linkPrevEnd || prevEnd == WalPosition.of(gen, WalFormat.PAGE_BYTES));
    if (prevEnd != x && !segmentStart) {
      return false;
    }
    pending = false;
    orphan = false;
    gen = f.generation;
    seg.lastGeneration = gen;
    cursor = resumeAt + WalFormat.PAGE_BYTES;
    return true;
  }

  /**
   * The log seems to end at {@code x} in the last segment. Pages after the stop that hold this generation's
   * records built after a sync past {@code x}, or a newer generation, prove that {@code x} was durable: then the
   * bad spot is corruption, not a torn tail.
   */
  private void checkTail(long x, String why) {
    long threshold = WalPosition.generation(x) == gen ? WalPosition.offset(x) : 0;
    long stopPage = Math.min(cursor, seg.sizeBytes) / WalFormat.PAGE_BYTES * WalFormat.PAGE_BYTES;
    for (long p = stopPage + WalFormat.PAGE_BYTES; p < seg.sizeBytes; p += WalFormat.PAGE_BYTES) {
      MemorySegment page = reader.page(seg, p);
      if (f.decode(page, 0) != null) {
        continue;
      }
      boolean synced = f.generation == gen && Integer.toUnsignedLong(f.syncedOffset) > threshold;
      if (synced || f.generation > gen) {
        throw new CorruptionException(seg.path, cursor, KIND, why + "; yet the " + WalFormat.typeName(f.type)
            + " fragment at offset " + p + " (generation " + f.generation + ", written when the log was durable "
            + "up to offset " + Integer.toUnsignedLong(f.syncedOffset) + ") shows the log went on past "
            + WalPosition.toString(x));
      }
    }
  }

  @Override
  public void close() {
    reader.close();
    arena.close();
  }
}
