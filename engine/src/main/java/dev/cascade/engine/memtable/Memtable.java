package dev.cascade.engine.memtable;

import static dev.cascade.engine.memtable.NodeLayout.BYTE;
import static dev.cascade.engine.memtable.NodeLayout.HEIGHT;
import static dev.cascade.engine.memtable.NodeLayout.INT;
import static dev.cascade.engine.memtable.NodeLayout.KEY_LENGTH;
import static dev.cascade.engine.memtable.NodeLayout.LONG;
import static dev.cascade.engine.memtable.NodeLayout.NEXT;
import static dev.cascade.engine.memtable.NodeLayout.SHORT;
import static dev.cascade.engine.memtable.NodeLayout.TRAILER;
import static dev.cascade.engine.memtable.NodeLayout.VALUE_LENGTH;

import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.key.RangeTombstone;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory table of one shard: a skiplist of point entries {@code (key, sequence, kind, value)} in internal
 * order ({@link KeyOrder}), packed into an off-heap {@link ChunkArena} (layout in {@link NodeLayout}), plus an
 * on-heap list of range tombstones, which are few. Entries are never removed or changed; the arena is freed whole
 * when the last reference is released.
 *
 * <p>Insertion and lookup cost O(log n) comparisons: towers have random heights, each level kept with
 * probability 1/4, drawn from a PRNG of the memtable itself (deterministic, no shared state). There is one
 * writer, so links are plain stores, not CASes. Reads return views of the arena ({@link InternalIterator#key()},
 * {@link InternalIterator#value()}); only {@link #get} copies, the value it returns.
 *
 * <p>Thread ownership: owned by its shard. {@link #add} and {@link #addRangeDelete} only on the owner; reads
 * ({@link #get}, {@link #iterator}, the accessors) on the owner at any time, or on other threads once the owner
 * has stopped writing (the memtable is immutable) and handed it over through a happens-before edge (the shard's
 * inbox, a volatile publication of the store's version). Any number of threads may then read it at once: reads
 * mutate nothing shared. {@link #retain} and {@link #release} are thread-safe.
 */
public final class Memtable implements AutoCloseable {
  /** Reference of the head node; no next pointer ever holds it, so 0 in a next pointer means "none". */
  static final long HEAD = 0;
  static final long NONE = 0;
  /** A target kind that sorts before every entry of its (key, sequence): real codes are 0..255 descending. */
  static final int KIND_BEFORE_ALL = 256;
  /** A target kind that sorts after every entry of its (key, sequence). */
  static final int KIND_AFTER_ALL = -1;
  /** Heap bytes charged per range tombstone besides its keys (object headers, list slot). */
  static final long RANGE_DELETE_OVERHEAD_BYTES = 64;

  private static final boolean INVARIANTS = Boolean.getBoolean("cascade.invariants");
  private static final long RANDOM_SEED = 0x9E37_79B9_7F4A_7C15L;

  private final MemtableOptions options;
  private final ChunkArena arena;
  /** Scratch of {@link #add}: the last node before the new one on each level. */
  private final long[] splice;
  private final AtomicInteger refs = new AtomicInteger(1);
  private final ArrayList<RangeTombstone> rangeDeletes = new ArrayList<>();
  private final List<RangeTombstone> rangeDeletesView = Collections.unmodifiableList(rangeDeletes);
  /** Levels in use: searches start at {@code listHeight - 1}. */
  private int listHeight = 1;
  /**
   * The last node of each level ({@link #HEAD} while the level is empty). An entry that sorts after the last one
   * (keys written in ascending order: a bulk load, an auto-increment key) is linked after these without a
   * search, and a lookup of a key after the last one answers at once.
   */
  private final long[] tail;
  private long randomState = RANDOM_SEED;
  private long entryCount;
  private long smallestSeq = Long.MAX_VALUE;
  private long largestSeq = -1;
  private long rangeDeleteBytes;

  public Memtable(MemtableOptions options) {
    this.options = options;
    this.arena = new ChunkArena(options.chunkBytes());
    this.splice = new long[options.maxHeight()];
    this.tail = new long[options.maxHeight()];
    long head = arena.allocate(NodeLayout.nodeBytes(options.maxHeight(), 0, 0));
    if (head != HEAD) {
      throw new AssertionError("head node must sit at reference 0: " + head);
    }
    arena.segment(HEAD).set(BYTE, HEIGHT, (byte) options.maxHeight());
  }

  public Memtable() {
    this(MemtableOptions.defaults());
  }

  public MemtableOptions options() {
    return options;
  }

  /**
   * Adds a point entry. {@code value} is the value of a PUT or the pointer of a VALUE_POINTER, and must be empty
   * (or null) for a DELETE; key and value are copied into the arena. RANGE_DELETE goes through
   * {@link #addRangeDelete}.
   *
   * @throws IllegalArgumentException when a length, the sequence or the kind is out of bounds
   * @throws IllegalStateException when {@code (key, seq)} is already present: sequences are unique per key
   */
  public void add(MemorySegment key, long seq, EntryKind kind, MemorySegment value) {
    assert refs.get() > 0 : "memtable used after release";
    long keyBytes = key.byteSize();
    long valueBytes = value == null ? 0 : value.byteSize();
    checkEntry(keyBytes, seq, kind, valueBytes);
    if (entryCount > 0 && compare(tail[0], key, 0, keyBytes, seq, KIND_BEFORE_ALL) < 0) {
      // After the last entry: the predecessor on every level is that level's last node.
      System.arraycopy(tail, 0, splice, 0, listHeight);
    } else {
      long found = next(findLastLess(key, 0, keyBytes, seq, KIND_BEFORE_ALL, splice), 0);
      if (found != NONE && sequence(found) == seq && keyEquals(found, key, 0, keyBytes)) {
        throw new IllegalStateException("memtable already holds sequence " + seq + " of this key");
      }
    }
    int height = randomHeight();
    if (height > listHeight) {
      for (int level = listHeight; level < height; level++) {
        splice[level] = HEAD;
      }
      listHeight = height;
    }
    long node = arena.allocate(NodeLayout.nodeBytes(height, keyBytes, valueBytes));
    MemorySegment s = arena.segment(node);
    long off = ChunkArena.offset(node);
    s.set(BYTE, off + HEIGHT, (byte) height);
    s.set(SHORT, off + KEY_LENGTH, (short) keyBytes);
    s.set(INT, off + VALUE_LENGTH, (int) valueBytes);
    s.set(LONG, off + TRAILER, KeyOrder.trailer(seq, kind));
    long keyOff = off + NodeLayout.keyOffset(height);
    MemorySegment.copy(key, 0, s, keyOff, keyBytes);
    if (valueBytes > 0) {
      MemorySegment.copy(value, 0, s, keyOff + keyBytes, valueBytes);
    }
    for (int level = 0; level < height; level++) {
      long after = next(splice[level], level);
      s.set(LONG, off + NEXT + 8L * level, after);
      setNext(splice[level], level, node);
      if (after == NONE) {
        tail[level] = node;
      }
    }
    entryCount++;
    noteSequence(seq);
    if (INVARIANTS) {
      checkNeighbours(splice[0], node);
    }
  }

  private static void checkEntry(long keyBytes, long seq, EntryKind kind, long valueBytes) {
    if (keyBytes > Limits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException("key of " + keyBytes + " bytes exceeds " + Limits.KEY_BYTES_MAX);
    }
    if (valueBytes > Limits.VALUE_BYTES_MAX) {
      throw new IllegalArgumentException("value of " + valueBytes + " bytes exceeds " + Limits.VALUE_BYTES_MAX);
    }
    checkSequence(seq);
    if (kind == EntryKind.RANGE_DELETE) {
      throw new IllegalArgumentException("range deletes go through addRangeDelete");
    }
    if (kind == EntryKind.DELETE && valueBytes != 0) {
      throw new IllegalArgumentException("a DELETE carries no value: " + valueBytes + " bytes given");
    }
  }

  private static void checkSequence(long seq) {
    if (seq < 0 || seq > Limits.SEQUENCE_MAX) {
      throw new IllegalArgumentException("sequence out of [0, " + Limits.SEQUENCE_MAX + "]: " + seq);
    }
  }

  private void noteSequence(long seq) {
    smallestSeq = Math.min(smallestSeq, seq);
    largestSeq = Math.max(largestSeq, seq);
  }

  /** A tower height: 1, then one more level with probability 1/4 each, up to the maximum. */
  private int randomHeight() {
    // xorshift64*: its high bits are the good ones, so the height counts leading zeros, two bits a level.
    long x = randomState;
    x ^= x >>> 12;
    x ^= x << 25;
    x ^= x >>> 27;
    randomState = x;
    long r = x * 0x2545_F491_4F6C_DD1DL;
    return 1 + Math.min(options.maxHeight() - 1, Long.numberOfLeadingZeros(r) >>> 1);
  }

  /**
   * Looks up the newest entry of {@code key} with a sequence {@code <= snapshotSeq}. When there is one, fills
   * {@code out} (kind, sequence, a copy of the value of a PUT or VALUE_POINTER, null for a DELETE; missPage -1)
   * and returns true; otherwise resets {@code out} and returns false. A DELETE found is an answer: the key is
   * deleted at that snapshot.
   */
  public boolean get(MemorySegment key, long snapshotSeq, LookupResult out) {
    assert refs.get() > 0 : "memtable used after release";
    long keyBytes = key.byteSize();
    if (entryCount == 0 || compareKey(tail[0], key, 0, keyBytes) < 0) {
      out.reset(); // empty, or the key sorts after every entry's
      return false;
    }
    long node = next(findLastLess(key, 0, keyBytes, snapshotSeq, KIND_BEFORE_ALL, null), 0);
    if (node == NONE || !keyEquals(node, key, 0, keyBytes)) {
      out.reset();
      return false;
    }
    MemorySegment s = arena.segment(node);
    long off = ChunkArena.offset(node);
    long trailer = s.get(LONG, off + TRAILER);
    EntryKind kind = EntryKind.ofCode(KeyOrder.trailerKindCode(trailer));
    out.kind = kind;
    out.seq = KeyOrder.trailerSequence(trailer);
    out.missPage = -1;
    if (kind == EntryKind.DELETE) {
      out.value = null;
    } else {
      int valueBytes = s.get(INT, off + VALUE_LENGTH);
      byte[] value = new byte[valueBytes];
      MemorySegment.copy(s, BYTE, valueOffset(s, off), value, 0, valueBytes);
      out.value = value;
    }
    return true;
  }

  /**
   * Whether a point entry's key may lie in {@code [lowest, highest]}: false only when the keys of all entries, of
   * any sequence and kind, sort outside it. Two comparisons, with the first and the last entry.
   */
  public boolean mayHaveKeysIn(MemorySegment lowest, MemorySegment highest) {
    assert refs.get() > 0 : "memtable used after release";
    return entryCount > 0 && compareKey(tail[0], lowest, 0, lowest.byteSize()) >= 0
        && compareKey(next(HEAD, 0), highest, 0, highest.byteSize()) <= 0;
  }

  /**
   * An iterator over every point entry (not the range tombstones; see {@link #rangeDeletes()}), holding a
   * reference to this memtable until it is closed. Entries added after its creation may or may not be seen.
   */
  public InternalIterator iterator() {
    retain();
    return new MemtableIterator(this);
  }

  /** Adds a range tombstone. Kept on the heap and counted in {@link #memoryBytes()}. */
  public void addRangeDelete(RangeTombstone t) {
    assert refs.get() > 0 : "memtable used after release";
    if (t.start().length > Limits.KEY_BYTES_MAX || t.end().length > Limits.KEY_BYTES_MAX) {
      throw new IllegalArgumentException("range tombstone key exceeds " + Limits.KEY_BYTES_MAX + " bytes");
    }
    checkSequence(t.seq());
    rangeDeletes.add(t);
    rangeDeleteBytes += t.start().length + t.end().length + RANGE_DELETE_OVERHEAD_BYTES;
    noteSequence(t.seq());
  }

  /** The range tombstones in the order they were added; an unmodifiable view. */
  public List<RangeTombstone> rangeDeletes() {
    return rangeDeletesView;
  }

  /**
   * Memory this memtable holds, what the store's memory bound counts: every arena chunk reserved (used or not)
   * plus the heap size of the range tombstones.
   */
  public long memoryBytes() {
    return arena.reservedBytes() + rangeDeleteBytes;
  }

  /** Point entries added (range tombstones not included). */
  public long entryCount() {
    return entryCount;
  }

  /** Smallest sequence of any point entry or range tombstone; 0 when empty. */
  public long smallestSeq() {
    return isEmpty() ? 0 : smallestSeq;
  }

  /** Largest sequence of any point entry or range tombstone; 0 when empty. */
  public long largestSeq() {
    return isEmpty() ? 0 : largestSeq;
  }

  /** True when neither a point entry nor a range tombstone was added. */
  public boolean isEmpty() {
    return entryCount == 0 && rangeDeletes.isEmpty();
  }

  /** Takes one more reference (an iterator, a version of the store). Thread-safe. */
  public void retain() {
    int n;
    do {
      n = refs.get();
      if (n <= 0) {
        throw new IllegalStateException("memtable already released");
      }
    } while (!refs.compareAndSet(n, n + 1));
  }

  /** Drops one reference; the last one frees the arena. Thread-safe. */
  public void release() {
    int n = refs.decrementAndGet();
    if (n == 0) {
      arena.close();
    } else if (n < 0) {
      throw new IllegalStateException("memtable released more often than retained");
    }
  }

  /** Same as {@link #release()}: the creator's reference. */
  @Override
  public void close() {
    release();
  }

  int referenceCount() {
    return refs.get();
  }

  ChunkArena arena() {
    return arena;
  }

  /** Levels in use; for tests of the height distribution. */
  int listHeight() {
    return listHeight;
  }

  // ---- skiplist navigation, shared with MemtableIterator ----

  long next(long node, int level) {
    return arena.segment(node).get(LONG, ChunkArena.offset(node) + NEXT + 8L * level);
  }

  private void setNext(long node, int level, long target) {
    arena.segment(node).set(LONG, ChunkArena.offset(node) + NEXT + 8L * level, target);
  }

  /**
   * The last node that sorts before the target {@code (key slice, seq, kindCode)}, or {@link #HEAD}. The target's
   * sequence may lie outside the valid range and its kind may be {@link #KIND_BEFORE_ALL} or
   * {@link #KIND_AFTER_ALL}, which is how seeks express "before or after every entry of this sequence". When
   * {@code splice} is given, it receives the last node before the target on every level in use.
   */
  long findLastLess(MemorySegment key, long keyOff, long keyBytes, long seq, int kindCode, long[] splice) {
    long x = HEAD;
    int level = listHeight - 1;
    // A node found not less than the target on one level is met again on the levels below: skip comparing it.
    long notLess = NONE;
    while (true) {
      long next = next(x, level);
      if (next != NONE && next != notLess && compare(next, key, keyOff, keyBytes, seq, kindCode) < 0) {
        x = next;
      } else {
        notLess = next;
        if (splice != null) {
          splice[level] = x;
        }
        if (level == 0) {
          return x;
        }
        level--;
      }
    }
  }

  /** The last node of the list, or {@link #HEAD} when it is empty. */
  long findLast() {
    long x = HEAD;
    int level = listHeight - 1;
    while (true) {
      long next = next(x, level);
      if (next != NONE) {
        x = next;
      } else if (level == 0) {
        return x;
      } else {
        level--;
      }
    }
  }

  /** The node before {@code node}, or {@link #HEAD}: a search from the head, O(log n). */
  long findPrevious(long node) {
    MemorySegment s = arena.segment(node);
    long off = ChunkArena.offset(node);
    long trailer = s.get(LONG, off + TRAILER);
    return findLastLess(s, keyOffset(s, off), keyBytes(s, off), KeyOrder.trailerSequence(trailer),
        KeyOrder.trailerKindCode(trailer), null);
  }

  /**
   * Compares a node with a target in internal order: key bytes unsigned (as {@link KeyOrder#compare}, without
   * slicing), then sequence descending, then kind code descending.
   */
  private int compare(long node, MemorySegment key, long keyOff, long keyBytes, long seq, int kindCode) {
    int c = compareKey(node, key, keyOff, keyBytes);
    if (c != 0) {
      return c;
    }
    long trailer = arena.segment(node).get(LONG, ChunkArena.offset(node) + TRAILER);
    long nodeSeq = KeyOrder.trailerSequence(trailer);
    if (nodeSeq != seq) {
      return nodeSeq > seq ? -1 : 1;
    }
    return Integer.compare(kindCode, KeyOrder.trailerKindCode(trailer));
  }

  /** Compares the user key of {@code node} with {@code key[keyOff, keyOff + keyBytes)}. */
  private int compareKey(long node, MemorySegment key, long keyOff, long keyBytes) {
    MemorySegment s = arena.segment(node);
    long off = ChunkArena.offset(node);
    long nodeKeyOff = keyOffset(s, off);
    long nodeKeyBytes = keyBytes(s, off);
    long i = MemorySegment.mismatch(s, nodeKeyOff, nodeKeyOff + nodeKeyBytes, key, keyOff, keyOff + keyBytes);
    if (i < 0) {
      return 0;
    }
    if (i == nodeKeyBytes) {
      return -1;
    }
    if (i == keyBytes) {
      return 1;
    }
    return Integer.compare(
        Byte.toUnsignedInt(s.get(BYTE, nodeKeyOff + i)), Byte.toUnsignedInt(key.get(BYTE, keyOff + i)));
  }

  private boolean keyEquals(long node, MemorySegment key, long keyOff, long keyBytes) {
    MemorySegment s = arena.segment(node);
    long off = ChunkArena.offset(node);
    long nodeKeyOff = keyOffset(s, off);
    return MemorySegment.mismatch(s, nodeKeyOff, nodeKeyOff + keyBytes(s, off), key, keyOff, keyOff + keyBytes) < 0;
  }

  // ---- node fields; s and off locate the node (arena.segment(node), ChunkArena.offset(node)) ----

  static long keyOffset(MemorySegment s, long off) {
    return off + NodeLayout.keyOffset(Byte.toUnsignedInt(s.get(BYTE, off + HEIGHT)));
  }

  static long keyBytes(MemorySegment s, long off) {
    return Short.toUnsignedInt(s.get(SHORT, off + KEY_LENGTH));
  }

  static long valueOffset(MemorySegment s, long off) {
    return keyOffset(s, off) + keyBytes(s, off);
  }

  static long valueBytes(MemorySegment s, long off) {
    return s.get(INT, off + VALUE_LENGTH);
  }

  long sequence(long node) {
    return KeyOrder.trailerSequence(arena.segment(node).get(LONG, ChunkArena.offset(node) + TRAILER));
  }

  int kindCode(long node) {
    return KeyOrder.trailerKindCode(arena.segment(node).get(LONG, ChunkArena.offset(node) + TRAILER));
  }

  // ---- invariants ----

  /** Checks that {@code node} sorts after {@code before} (unless the head) and before its successor. */
  private void checkNeighbours(long before, long node) {
    if (before != HEAD && compareNodes(before, node) >= 0) {
      throw new AssertionError("memtable order broken before the new node");
    }
    long after = next(node, 0);
    if (after != NONE && compareNodes(node, after) >= 0) {
      throw new AssertionError("memtable order broken after the new node");
    }
  }

  private int compareNodes(long a, long b) {
    MemorySegment s = arena.segment(b);
    long off = ChunkArena.offset(b);
    long trailer = s.get(LONG, off + TRAILER);
    return compare(a, s, keyOffset(s, off), keyBytes(s, off), KeyOrder.trailerSequence(trailer),
        KeyOrder.trailerKindCode(trailer));
  }

  /**
   * Walks every level and checks that it is strictly ordered, that every node on level i is at least i + 1 high,
   * and that level 0 holds {@link #entryCount()} nodes. O(n); for tests.
   */
  void checkInvariants() {
    for (int level = 0; level < options.maxHeight(); level++) {
      long count = 0;
      long previous = NONE;
      for (long x = next(HEAD, level); x != NONE; x = next(x, level)) {
        int height = Byte.toUnsignedInt(arena.segment(x).get(BYTE, ChunkArena.offset(x) + HEIGHT));
        if (height <= level || height > options.maxHeight()) {
          throw new AssertionError("node of height " + height + " on level " + level);
        }
        if (previous != NONE && compareNodes(previous, x) >= 0) {
          throw new AssertionError("level " + level + " out of order at node " + count);
        }
        if (level >= listHeight) {
          throw new AssertionError("node on unused level " + level);
        }
        previous = x;
        count++;
      }
      if (level == 0 && count != entryCount) {
        throw new AssertionError("level 0 holds " + count + " nodes, entryCount is " + entryCount);
      }
    }
  }

  @Override
  public String toString() {
    return "Memtable[entries=" + entryCount + ", rangeDeletes=" + rangeDeletes.size() + ", memoryBytes="
        + memoryBytes() + ", seq=" + smallestSeq() + ".." + largestSeq() + "]";
  }
}
