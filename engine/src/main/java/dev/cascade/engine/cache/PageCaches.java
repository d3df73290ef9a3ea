package dev.cascade.engine.cache;

/**
 * Creates page caches from a memory budget.
 *
 * <p>Thread-safe (stateless).
 */
public final class PageCaches {
  private PageCaches() {}

  /**
   * A cache of {@code capacityBytes / 4096} frames (a budget that is not a whole number of pages is rounded
   * down).
   *
   * @throws IllegalArgumentException if that is fewer than {@link ClockPageCache#FRAMES_MIN} or more than
   *     {@link ClockPageCache#FRAMES_MAX} frames
   */
  public static PageCache create(long capacityBytes) {
    long frames = capacityBytes / PageCache.PAGE_BYTES;
    if (frames < ClockPageCache.FRAMES_MIN || frames > ClockPageCache.FRAMES_MAX) {
      throw new IllegalArgumentException("page cache capacity must be between "
          + (long) ClockPageCache.FRAMES_MIN * PageCache.PAGE_BYTES + " and "
          + (long) ClockPageCache.FRAMES_MAX * PageCache.PAGE_BYTES + " bytes (" + ClockPageCache.FRAMES_MIN
          + " to " + ClockPageCache.FRAMES_MAX + " frames of " + PageCache.PAGE_BYTES + " bytes): " + capacityBytes);
    }
    return new ClockPageCache((int) frames);
  }
}
