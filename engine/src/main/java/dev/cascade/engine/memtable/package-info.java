/**
 * The memtable: each shard's in-memory write buffer, a skiplist packed into an off-heap arena.
 *
 * <p>{@link dev.cascade.engine.memtable.Memtable} is the skiplist and its API (add, get, iterator, range
 * tombstones, sizes, reference count); {@link dev.cascade.engine.memtable.NodeLayout} is the byte layout of one
 * entry; {@link dev.cascade.engine.memtable.ChunkArena} hands out the memory in chunks and frees it whole;
 * {@link dev.cascade.engine.memtable.MemtableIterator} is the cursor.
 *
 * <p>Lifecycle: the shard creates a memtable, adds to it while it is mutable, then stops writing (it becomes
 * immutable), publishes it to readers and the flush, and drops its reference; iterators and store versions hold
 * their own references, and the last release frees the arena.
 */
package dev.cascade.engine.memtable;
