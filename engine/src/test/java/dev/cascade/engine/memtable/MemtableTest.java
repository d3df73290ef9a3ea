package dev.cascade.engine.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.key.RangeTombstone;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memtable's API one case at a time: validation, sizes and chunks, sequences, references. */
class MemtableTest {
  private static MemorySegment bytes(String s) {
    return MemorySegment.ofArray(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String string(MemorySegment s) {
    return new String(s.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
  }

  @Test
  void optionsValidateAndPrint() {
    MemtableOptions d = MemtableOptions.defaults();
    assertEquals(1 << 20, d.chunkBytes());
    assertEquals(12, d.maxHeight());
    assertEquals("MemtableOptions[chunkBytes=1048576, maxHeight=12]", d.toString());
    assertThrows(IllegalArgumentException.class, () -> d.withChunkBytes(MemtableOptions.CHUNK_BYTES_MIN - 8));
    assertThrows(IllegalArgumentException.class, () -> d.withChunkBytes(MemtableOptions.CHUNK_BYTES_MIN + 1));
    assertThrows(IllegalArgumentException.class, () -> d.withChunkBytes(Integer.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxHeight(0));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxHeight(MemtableOptions.MAX_HEIGHT_MAX + 1));
    assertEquals(7, d.withMaxHeight(7).maxHeight());
  }

  @Test
  void addRejectsWhatDoesNotBelong() {
    try (Memtable table = new Memtable(); Arena arena = Arena.ofConfined()) {
      MemorySegment k = bytes("k");
      assertThrows(IllegalArgumentException.class, () -> table.add(k, 1, EntryKind.RANGE_DELETE, bytes("z")));
      assertThrows(IllegalArgumentException.class, () -> table.add(k, 1, EntryKind.DELETE, bytes("v")));
      assertThrows(IllegalArgumentException.class, () -> table.add(k, -1, EntryKind.PUT, bytes("v")));
      assertThrows(IllegalArgumentException.class,
          () -> table.add(k, Limits.SEQUENCE_MAX + 1, EntryKind.PUT, bytes("v")));
      assertThrows(IllegalArgumentException.class,
          () -> table.add(arena.allocate(Limits.KEY_BYTES_MAX + 1), 1, EntryKind.PUT, bytes("v")));
      assertThrows(IllegalArgumentException.class,
          () -> table.add(k, 1, EntryKind.PUT, arena.allocate(Limits.VALUE_BYTES_MAX + 1L)));
      assertTrue(table.isEmpty());
      table.add(arena.allocate(Limits.KEY_BYTES_MAX), Limits.SEQUENCE_MAX, EntryKind.PUT, bytes("v"));
      table.add(k, 0, EntryKind.DELETE, null);
      assertEquals(2, table.entryCount());
    }
  }

  @Test
  void sameKeyAndSequenceTwiceIsABug() {
    try (Memtable table = new Memtable()) {
      table.add(bytes("a"), 5, EntryKind.PUT, bytes("1"));
      assertThrows(IllegalStateException.class, () -> table.add(bytes("a"), 5, EntryKind.PUT, bytes("2")));
      assertThrows(IllegalStateException.class, () -> table.add(bytes("a"), 5, EntryKind.DELETE, null));
      assertThrows(IllegalStateException.class, () -> table.add(bytes("a"), 5, EntryKind.VALUE_POINTER, bytes("p")));
      table.add(bytes("a"), 4, EntryKind.PUT, bytes("0"));
      table.add(bytes("b"), 5, EntryKind.PUT, bytes("3"));
      assertEquals(3, table.entryCount());
      table.checkInvariants();
    }
  }

  @Test
  void getSeesTheNewestVersionAtTheSnapshot() {
    try (Memtable table = new Memtable()) {
      table.add(bytes("k"), 10, EntryKind.PUT, bytes("v10"));
      table.add(bytes("k"), 20, EntryKind.DELETE, MemorySegment.NULL.asSlice(0, 0));
      table.add(bytes("k"), 30, EntryKind.VALUE_POINTER, bytes("ptr"));
      table.add(bytes("ka"), 5, EntryKind.PUT, bytes("other"));
      LookupResult out = new LookupResult();
      assertFalse(table.get(bytes("k"), 9, out));
      assertFalse(out.found());
      assertTrue(table.get(bytes("k"), 10, out));
      assertEquals(EntryKind.PUT, out.kind);
      assertEquals(10, out.seq);
      assertArrayEquals("v10".getBytes(StandardCharsets.UTF_8), out.value);
      assertEquals(-1, out.missPage);
      assertTrue(table.get(bytes("k"), 29, out));
      assertEquals(EntryKind.DELETE, out.kind);
      assertNull(out.value);
      assertTrue(table.get(bytes("k"), Long.MAX_VALUE, out));
      assertEquals(EntryKind.VALUE_POINTER, out.kind);
      assertEquals("ptr", new String(out.value, StandardCharsets.UTF_8));
      assertFalse(table.get(bytes(""), Long.MAX_VALUE, out));
      assertFalse(table.get(bytes("j"), Long.MAX_VALUE, out));
      assertFalse(table.get(bytes("ka"), 4, out), "an older snapshot must not see the next key's entry");
    }
  }

  @Test
  void iteratorWalksBothWaysAndValuesAreViews() {
    try (Memtable table = new Memtable()) {
      table.add(bytes("b"), 2, EntryKind.PUT, bytes("b2"));
      table.add(bytes("a"), 1, EntryKind.PUT, bytes("a1"));
      table.add(bytes("b"), 3, EntryKind.DELETE, null);
      try (InternalIterator it = table.iterator()) {
        assertFalse(it.valid());
        assertThrows(IllegalStateException.class, it::next);
        it.seekToFirst();
        assertEquals("a", string(it.key()));
        assertEquals("a1", string(it.value()));
        assertTrue(it.key().isNative(), "key() is a view of the arena");
        it.next();
        assertEquals("b", string(it.key()));
        assertEquals(3, it.sequence());
        assertEquals(EntryKind.DELETE, it.kind());
        assertEquals(0, it.value().byteSize());
        it.next();
        assertEquals(2, it.sequence());
        it.next();
        assertFalse(it.valid());
        it.seekToLast();
        assertEquals(2, it.sequence());
        it.prev();
        assertEquals(3, it.sequence());
        it.prev();
        assertEquals("a", string(it.key()));
        it.prev();
        assertFalse(it.valid());
        it.seek(bytes("b"), 2);
        assertEquals(2, it.sequence());
        it.seekForPrev(bytes("b"), 2);
        assertEquals(2, it.sequence());
        it.seekForPrev(bytes("b"), 4);
        assertEquals("a", string(it.key()));
        it.seek(bytes("b"), 1);
        assertFalse(it.valid());
        // Seeking to the iterator's own key is allowed: the view stays put.
        it.seekToFirst();
        it.seek(it.key(), Long.MAX_VALUE);
        assertEquals("a", string(it.key()));
      }
    }
  }

  @Test
  void anOpenIteratorSeesEntriesAddedAfterItsPosition() {
    try (Memtable table = new Memtable(new MemtableOptions(MemtableOptions.CHUNK_BYTES_MIN, 4))) {
      table.add(bytes("a"), 1, EntryKind.PUT, bytes("1"));
      table.add(bytes("m"), 2, EntryKind.PUT, bytes("2"));
      try (InternalIterator it = table.iterator()) {
        it.seekToFirst();
        // Enough entries to add chunks while the iterator stands on the first one.
        for (int i = 0; i < 500; i++) {
          table.add(bytes("c" + i), 10 + i, EntryKind.PUT, bytes("x"));
        }
        table.add(bytes("a"), 3, EntryKind.PUT, bytes("newer"));
        assertEquals("a", string(it.key()));
        assertEquals(1, it.sequence());
        it.next();
        assertEquals("c0", string(it.key()));
        it.prev();
        it.prev();
        assertEquals(3, it.sequence(), "prev searches from the head, so it finds the newer version");
        it.seekToLast();
        assertEquals("m", string(it.key()));
      }
    }
  }

  @Test
  void emptyMemtable() {
    try (Memtable table = new Memtable(); InternalIterator it = table.iterator()) {
      assertTrue(table.isEmpty());
      assertEquals(0, table.smallestSeq());
      assertEquals(0, table.largestSeq());
      it.seekToFirst();
      assertFalse(it.valid());
      it.seekToLast();
      assertFalse(it.valid());
      it.seek(bytes("x"), 1);
      assertFalse(it.valid());
      it.seekForPrev(bytes("x"), 1);
      assertFalse(it.valid());
      assertFalse(table.get(bytes("x"), 1, new LookupResult()));
      assertEquals(MemtableOptions.CHUNK_BYTES_DEFAULT, table.memoryBytes(), "the first chunk holds the head");
    }
  }

  @Test
  void rangeDeletesCountInSequencesAndMemory() {
    try (Memtable table = new Memtable()) {
      long before = table.memoryBytes();
      RangeTombstone t = new RangeTombstone(new byte[] {1}, new byte[] {2, 3}, 7);
      table.addRangeDelete(t);
      assertFalse(table.isEmpty());
      assertEquals(0, table.entryCount());
      assertEquals(7, table.smallestSeq());
      assertEquals(7, table.largestSeq());
      assertEquals(List.of(t), table.rangeDeletes());
      assertThrows(UnsupportedOperationException.class, () -> table.rangeDeletes().clear());
      assertEquals(before + 3 + Memtable.RANGE_DELETE_OVERHEAD_BYTES, table.memoryBytes());
      table.add(bytes("k"), 3, EntryKind.PUT, bytes("v"));
      table.add(bytes("k"), 9, EntryKind.PUT, bytes("v"));
      assertEquals(3, table.smallestSeq());
      assertEquals(9, table.largestSeq());
      assertThrows(IllegalArgumentException.class,
          () -> table.addRangeDelete(new RangeTombstone(new byte[] {1}, new byte[Limits.KEY_BYTES_MAX + 1], 8)));
      assertThrows(IllegalArgumentException.class,
          () -> table.addRangeDelete(new RangeTombstone(new byte[] {1}, new byte[] {2}, Limits.SEQUENCE_MAX + 1)));
      assertEquals(1, table.rangeDeletes().size());
    }
  }

  @Test
  void memoryGrowsByChunksAndLargeValuesGetTheirOwn() {
    int chunk = 64 << 10;
    try (Memtable table = new Memtable(new MemtableOptions(chunk, 12)); Arena arena = Arena.ofConfined()) {
      assertEquals(chunk, table.memoryBytes());
      long seq = 1;
      while (table.memoryBytes() == chunk) {
        table.add(bytes("key" + seq), seq++, EntryKind.PUT, arena.allocate(100));
      }
      assertEquals(2L * chunk, table.memoryBytes(), "a full chunk is followed by one more chunk");
      assertEquals(2, table.arena().chunkCount());
      // More than a quarter of a chunk: a dedicated chunk of the node's size; the current chunk stays in use.
      MemorySegment big = arena.allocate(chunk);
      big.fill((byte) 0x42);
      table.add(bytes("big"), seq++, EntryKind.PUT, big);
      long bigNode = NodeLayout.nodeBytes(heightOfLastBig(table), 3, chunk);
      assertEquals(2L * chunk + bigNode, table.memoryBytes());
      table.add(bytes("small"), seq++, EntryKind.PUT, arena.allocate(10));
      assertEquals(2L * chunk + bigNode, table.memoryBytes(), "small entries still go to the current chunk");
      LookupResult out = new LookupResult();
      assertTrue(table.get(bytes("big"), Long.MAX_VALUE, out));
      assertEquals(chunk, out.value.length);
      assertEquals(0x42, out.value[chunk - 1]);
      table.checkInvariants();
    }
  }

  /** The height of the node of key "big": its dedicated chunk is the arena's last one. */
  private static int heightOfLastBig(Memtable table) {
    ChunkArena arena = table.arena();
    MemorySegment last = arena.segment((long) (arena.chunkCount() - 1) << 32);
    return Byte.toUnsignedInt(last.get(ValueLayout.JAVA_BYTE, NodeLayout.HEIGHT));
  }

  @Test
  void theLargestValueFits() {
    try (Memtable table = new Memtable(); Arena arena = Arena.ofConfined()) {
      MemorySegment value = arena.allocate(Limits.VALUE_BYTES_MAX);
      value.set(ValueLayout.JAVA_BYTE, Limits.VALUE_BYTES_MAX - 1, (byte) 7);
      table.add(bytes("huge"), 1, EntryKind.PUT, value);
      assertTrue(table.memoryBytes() > Limits.VALUE_BYTES_MAX);
      assertTrue(table.memoryBytes() < Limits.VALUE_BYTES_MAX + 2L * MemtableOptions.CHUNK_BYTES_DEFAULT);
      try (InternalIterator it = table.iterator()) {
        it.seekToFirst();
        assertEquals(Limits.VALUE_BYTES_MAX, it.value().byteSize());
        assertEquals(7, it.value().get(ValueLayout.JAVA_BYTE, Limits.VALUE_BYTES_MAX - 1));
      }
    }
  }

  @Test
  void lastReleaseFreesTheArena() {
    Memtable table = new Memtable();
    table.add(bytes("k"), 1, EntryKind.PUT, bytes("v"));
    MemorySegment chunk = table.arena().segment(Memtable.HEAD);
    InternalIterator it = table.iterator();
    assertEquals(2, table.referenceCount());
    table.retain();
    table.release();
    table.close();
    assertEquals(1, table.referenceCount());
    assertTrue(chunk.scope().isAlive(), "the iterator still holds the memtable");
    it.seekToFirst();
    assertEquals("v", string(it.value()));
    it.close();
    it.close(); // a no-op
    assertEquals(0, table.referenceCount());
    assertFalse(chunk.scope().isAlive());
    assertThrows(IllegalStateException.class, table::retain);
    assertThrows(IllegalStateException.class, table::release);
    assertThrows(IllegalStateException.class, it::seekToFirst);
  }

  @Test
  void towersGrowLogarithmically() {
    try (Memtable table = new Memtable()) {
      MemorySegment key = Arena.ofAuto().allocate(8);
      for (long i = 0; i < 100_000; i++) {
        key.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, Long.reverseBytes(i)); // big-endian: inserted in order
        table.add(key, i + 1, EntryKind.PUT, MemorySegment.NULL.asSlice(0, 0));
      }
      // log4(100000) is about 8.3: a height far from that means a broken PRNG or branching factor.
      assertTrue(table.listHeight() >= 7 && table.listHeight() <= 12, "height " + table.listHeight());
      table.checkInvariants();
      int[] perLevel = new int[12];
      for (int level = 0; level < 12; level++) {
        for (long x = table.next(Memtable.HEAD, level); x != Memtable.NONE; x = table.next(x, level)) {
          perLevel[level]++;
        }
      }
      assertEquals(100_000, perLevel[0]);
      // Each level keeps about a quarter of the one below (binomial; 20% to 30% is many deviations wide).
      for (int level = 1; level <= 3; level++) {
        double ratio = perLevel[level] / (double) perLevel[level - 1];
        assertTrue(ratio > 0.20 && ratio < 0.30, "level " + level + " ratio " + ratio);
      }
    }
  }
}
