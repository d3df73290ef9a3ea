/**
 * The page cache: each shard's fixed budget of 4 KB frames, holding data pages, filter and index partitions
 * alike, read O_DIRECT straight into the frame and checked before anyone can pin them.
 *
 * <p>{@link dev.cascade.engine.cache.PageCache} is the contract, {@link dev.cascade.engine.cache.CachedFile} what
 * the cache needs of a file, {@link dev.cascade.engine.cache.PageCaches#create} the entry point and
 * {@link dev.cascade.engine.cache.ClockPageCache} the implementation.
 *
 * <p><b>Why CLOCK and not S3-FIFO.</b> S3-FIFO resists one-hit scans better: a page enters a small FIFO and is
 * promoted only if touched again, and a ghost queue remembers recently evicted keys. The price is a second
 * queue, a ghost index (another hash table of keys, sized like the main one) and queue moves that pinning
 * complicates: a pinned page at the head of a FIFO must be skipped and requeued. CLOCK needs one bit per frame;
 * its hit path stores that bit and nothing else, which matters because every cached read, on a borrowing
 * thread too, goes through it; and pinned frames are simply passed over by the hand. The cost is scan
 * pollution: a page pinned once (a compaction input, a long range scan) has its bit set and survives one more
 * turn of the hand than a page never touched. The big scans of an LSM tree are compactions, whose inputs can be
 * read around the cache; if measurements on real workloads still show pollution, S3-FIFO can replace the hand
 * behind the same interface, and frames, index, pinning and shared loads would stay as they are.
 *
 * <p><b>Shared loads.</b> A miss reserves its frame and enters it in the index as loading before the read is
 * issued, so a second {@code load} of the page finds the entry and gets the same promise; no page is read
 * twice at once, and the reserved frame cannot be chosen by the hand.
 */
package dev.cascade.engine.cache;
