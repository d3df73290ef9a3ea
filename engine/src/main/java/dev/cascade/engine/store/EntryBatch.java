package dev.cascade.engine.store;

/**
 * Entries a shard hands back to an iterator in one hand-off, in the direction asked, and whether the shard has
 * no more in that direction.
 *
 * <p>Immutable once handed over.
 */
record EntryBatch(byte[][] keys, byte[][] values, int count, boolean exhausted) {}
