package dev.cascade.engine.cache;

import java.util.Arrays;

/**
 * The page cache's index: (file id, page number) to frame handle, an open-addressing hash table over parallel
 * primitive arrays, so that a lookup neither boxes a key nor allocates. Linear probing with backward-shift
 * deletion: a removal moves later entries of the probe run back into the hole, so there are no tombstones and
 * lookups never slow down as pages come and go.
 *
 * <p>The table has at least twice as many slots as the cache has frames and holds at most one entry per frame,
 * so it is never more than half full and every probe run ends at an empty slot.
 *
 * <p>Thread ownership: owned by its cache (and so by the cache's shard).
 */
final class PageTable {
  /** Marks an empty slot in {@link #frames}. */
  static final int NONE = -1;
  /** Most entries: the slot count, up to four times this, must stay a positive int power of two. */
  static final int ENTRIES_MAX = 1 << 28;

  private final long[] fileIds;
  private final long[] pageNos;
  private final int[] frames;
  private final int mask;
  private int size;

  /** A table for at most {@code entriesMax} entries. */
  PageTable(int entriesMax) {
    if (entriesMax <= 0 || entriesMax > ENTRIES_MAX) {
      throw new IllegalArgumentException("page table entries must be in [1, " + ENTRIES_MAX + "]: " + entriesMax);
    }
    int slots = Integer.highestOneBit(entriesMax) << 2; // a power of two in (2 * entriesMax, 4 * entriesMax]
    this.fileIds = new long[slots];
    this.pageNos = new long[slots];
    this.frames = new int[slots];
    Arrays.fill(frames, NONE);
    this.mask = slots - 1;
  }

  /** The frame of the page, or {@link #NONE}. */
  int get(long fileId, long pageNo) {
    int i = slot(fileId, pageNo);
    while (true) {
      int f = frames[i];
      if (f == NONE || (fileIds[i] == fileId && pageNos[i] == pageNo)) {
        return f;
      }
      i = (i + 1) & mask;
    }
  }

  /** Adds the page, which must be absent. */
  void put(long fileId, long pageNo, int frame) {
    int i = slot(fileId, pageNo);
    while (frames[i] != NONE) {
      if (fileIds[i] == fileId && pageNos[i] == pageNo) {
        throw new IllegalStateException("page " + pageNo + " of file " + fileId + " is already in the table");
      }
      i = (i + 1) & mask;
    }
    fileIds[i] = fileId;
    pageNos[i] = pageNo;
    frames[i] = frame;
    size++;
  }

  /** Removes the page if present; returns its frame or {@link #NONE}. */
  int remove(long fileId, long pageNo) {
    int i = slot(fileId, pageNo);
    while (true) {
      int f = frames[i];
      if (f == NONE) {
        return NONE;
      }
      if (fileIds[i] == fileId && pageNos[i] == pageNo) {
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
    Arrays.fill(frames, NONE);
    size = 0;
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
      int f = frames[i];
      if (f == NONE) {
        break;
      }
      int home = slot(fileIds[i], pageNos[i]);
      boolean homeInGap = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeInGap) {
        fileIds[hole] = fileIds[i];
        pageNos[hole] = pageNos[i];
        frames[hole] = f;
        hole = i;
      }
    }
    frames[hole] = NONE;
  }

  /** Home slot: a multiply-xorshift mix, so that consecutive pages of one file spread over the table. */
  private int slot(long fileId, long pageNo) {
    long h = fileId * 0x9E3779B97F4A7C15L + pageNo;
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    h ^= h >>> 32;
    return (int) h & mask;
  }
}
