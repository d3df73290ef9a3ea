package dev.cascade.engine.cache;

/**
 * The page cache's index: (file id, page number) to frame handle, an open-addressing hash table over one primitive
 * array, so that a lookup neither boxes a key nor allocates. A slot is three longs side by side (file id, page
 * number, frame), so a lookup that finds its page at home touches one cache line, or two: with the three in
 * separate arrays every lookup missed three lines, and a scan looks a page up for every block it reads; and
 * neighbouring pages of a file take neighbouring slots ({@link #slot}). Linear
 * probing with backward-shift deletion: a removal moves later entries of the probe run back into the hole, so
 * there are no tombstones and lookups never slow down as pages come and go.
 *
 * <p>The table has at least twice as many slots as the cache has frames and holds at most one entry per frame,
 * so it is never more than half full and every probe run ends at an empty slot.
 *
 * <p>Thread ownership: owned by its cache (and so by the cache's shard).
 */
final class PageTable {
  /** Marks an empty slot (its frame). */
  static final int NONE = -1;
  /**
   * Most entries (four times the most frames of a cache): the slot count, up to four times this, times
   * {@link #STRIDE} must stay a positive int.
   */
  static final int ENTRIES_MAX = 1 << 26;
  /** {@link #slot}: pages of a file that take neighbouring home slots, a power of two. */
  private static final int GROUP_SHIFT = 3;
  private static final int GROUP_PAGES = 1 << GROUP_SHIFT;
  /** Longs per slot: file id, page number, frame. */
  private static final int STRIDE = 3;

  /** Slot i is {@code [STRIDE * i, STRIDE * i + STRIDE)}: file id, page number, frame ({@link #NONE}: empty). */
  private final long[] slots;
  private final int mask;
  private int size;

  /** A table for at most {@code entriesMax} entries. */
  PageTable(int entriesMax) {
    if (entriesMax <= 0 || entriesMax > ENTRIES_MAX) {
      throw new IllegalArgumentException("page table entries must be in [1, " + ENTRIES_MAX + "]: " + entriesMax);
    }
    int count = Integer.highestOneBit(entriesMax) << 2; // a power of two in (2 * entriesMax, 4 * entriesMax]
    this.slots = new long[STRIDE * count];
    this.mask = count - 1;
    clear();
  }

  /** The frame of the page, or {@link #NONE}. */
  int get(long fileId, long pageNo) {
    int i = slot(fileId, pageNo);
    while (true) {
      int at = STRIDE * i;
      int f = (int) slots[at + 2];
      if (f == NONE || (slots[at] == fileId && slots[at + 1] == pageNo)) {
        return f;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds the page, which must be absent. */
  void put(long fileId, long pageNo, int frame) {
    int i = slot(fileId, pageNo);
    while (slots[STRIDE * i + 2] != NONE) {
      if (slots[STRIDE * i] == fileId && slots[STRIDE * i + 1] == pageNo) {
        throw new IllegalStateException("page " + pageNo + " of file " + fileId + " is already in the table");
      }
      i = (i + 1) & mask;
    }
    set(i, fileId, pageNo, frame);
    size++;
  }

  /** Removes the page if present; returns its frame or {@link #NONE}. */
  int remove(long fileId, long pageNo) {
    int i = slot(fileId, pageNo);
    while (true) {
      int at = STRIDE * i;
      int f = (int) slots[at + 2];
      if (f == NONE) {
        return NONE;
      }
      if (slots[at] == fileId && slots[at + 1] == pageNo) {
        deleteAt(i);
        size--;
        return f;
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size;
  }

  void clear() {
    for (int at = 2; at < slots.length; at += STRIDE) {
      slots[at] = NONE;
    }
    size = 0;
  }

  private void set(int i, long fileId, long pageNo, long frame) {
    int at = STRIDE * i;
    slots[at] = fileId;
    slots[at + 1] = pageNo;
    slots[at + 2] = frame;
  }

  /**
   * Empties slot {@code hole}, then walks the rest of its probe run and moves back every entry whose home slot
   * does not lie (cyclically) between the hole and its current slot, since a lookup for it would otherwise stop
   * at the hole.
   */
  private void deleteAt(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      int at = STRIDE * i;
      long f = slots[at + 2];
      if (f == NONE) {
        break;
      }
      int home = slot(slots[at], slots[at + 1]);
      boolean homeInGap = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeInGap) {
        set(hole, slots[at], slots[at + 1], f);
        hole = i;
      }
    }
    slots[STRIDE * hole + 2] = NONE;
  }

  /**
   * Home slot: runs of {@link #GROUP_PAGES} neighbouring pages of a file (page number divided by it) are spread
   * over the table by a multiply-xorshift mix, and the pages of a run take neighbouring slots. A scan reads a
   * file's pages in order, so its next lookup lands in the line it just read or the next one, and in the same
   * memory page: a lookup spread over a table of megabytes misses the cache and the TLB every time.
   */
  private int slot(long fileId, long pageNo) {
    long h = fileId * 0x9E3779B97F4A7C15L + (pageNo >>> GROUP_SHIFT);
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return (int) ((h << GROUP_SHIFT) | (pageNo & (GROUP_PAGES - 1))) & mask;
  }
}
