package dev.cascade.engine.sstable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.TestSeeds;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Reading an entry block's payload, built here byte by byte: stepping from entry to entry ({@link
 * EntryBlock#decodeNext}, which reads no offsets) finds what positioning by index ({@link EntryBlock#decode}) finds,
 * on the heap and off it, and lengths that run past the entries, or leave bytes between the last entry and the
 * offsets, are reported as corruption, not read.
 */
class EntryBlockTest {
  private static final Path FILE = Path.of("entry-block-test.sst");

  record Entry(byte[] key, long trailer, byte[] value) {}

  @Test
  void steppingFindsWhatIndexingFinds() {
    long seed = TestSeeds.seed("EntryBlockTest");
    Random rnd = new Random(seed);
    for (int round = 0; round < 200; round++) {
      List<Entry> entries = new ArrayList<>();
      int n = 1 + rnd.nextInt(60);
      for (int i = 0; i < n; i++) {
        byte[] key = new byte[rnd.nextInt(40)];
        byte[] value = new byte[rnd.nextInt(round % 10 == 0 ? 400 : 30)];
        rnd.nextBytes(key);
        rnd.nextBytes(value);
        entries.add(new Entry(key, rnd.nextLong(), value));
      }
      byte[] payload = payload(entries, 0);
      // The payload also at the start of a reused buffer with other bytes after it, read up to its length.
      byte[] buffer = new byte[payload.length + 1 + rnd.nextInt(100)];
      rnd.nextBytes(buffer);
      System.arraycopy(payload, 0, buffer, 0, payload.length);
      for (MemorySegment seg : List.of(MemorySegment.ofArray(payload), offHeap(payload),
          MemorySegment.ofArray(buffer), offHeap(buffer))) {
        EntryBlock stepped = new EntryBlock().reset(seg, payload.length, FILE, 0, BlockKind.DATA);
        EntryBlock indexed = new EntryBlock().reset(seg, payload.length, FILE, 0, BlockKind.DATA);
        assertEquals(n, stepped.count());
        stepped.decode(0);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            stepped.decodeNext(i);
          }
          indexed.decode(i);
          String at = "seed " + seed + ", round " + round + ", entry " + i;
          assertEquals(indexed.keyAt, stepped.keyAt, at);
          assertEquals(indexed.valueAt, stepped.valueAt, at);
          assertEquals(entries.get(i).trailer(), stepped.trailer, at);
          assertArrayEquals(entries.get(i).key(), stepped.key().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), at);
          assertArrayEquals(entries.get(i).value(), stepped.value().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
              at);
        }
      }
    }
  }

  @Test
  void aLengthRunningPastTheEntriesIsCorruption() {
    List<Entry> entries = List.of(entry(1, 10), entry(2, 10), entry(3, 10));
    byte[] payload = payload(entries, 0);
    // The second entry's value length (its second byte) claims more than the entries hold.
    int second = entryBytes(entries.get(0));
    payload[second + 1] = 100;
    EntryBlock block = new EntryBlock().reset(MemorySegment.ofArray(payload), FILE, 4096, BlockKind.DATA);
    block.decode(0);
    CorruptionException e = assertThrows(CorruptionException.class, () -> block.decodeNext(1));
    assertEquals(FILE, e.file());
    assertEquals(4096, e.offset());
    assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
  }

  @Test
  void bytesLeftAfterTheLastEntryAreCorruption() {
    List<Entry> entries = List.of(entry(1, 10), entry(2, 10));
    // Two stray bytes between the last entry and the offsets: stepping reaches the last entry short of its end.
    byte[] payload = payload(entries, 2);
    EntryBlock block = new EntryBlock().reset(MemorySegment.ofArray(payload), FILE, 0, BlockKind.DATA);
    block.decode(0);
    CorruptionException e = assertThrows(CorruptionException.class, () -> block.decodeNext(1));
    assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
  }

  private static Entry entry(int key, int valueBytes) {
    byte[] value = new byte[valueBytes];
    Arrays.fill(value, (byte) key);
    return new Entry(new byte[] {(byte) key}, ((long) key << 8) | 1, value);
  }

  private static int entryBytes(Entry e) {
    return varintBytes(e.key().length) + varintBytes(e.value().length) + e.key().length + 8 + e.value().length;
  }

  /** The payload: entries back to back, {@code gap} stray bytes, then the offsets and the count. */
  static byte[] payload(List<Entry> entries, int gap) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> offsets = new ArrayList<>();
    for (Entry e : entries) {
      offsets.add(out.size());
      varint(out, e.key().length);
      varint(out, e.value().length);
      out.writeBytes(e.key());
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(e.trailer()).array());
      out.writeBytes(e.value());
    }
    out.writeBytes(new byte[gap]);
    ByteBuffer tail = ByteBuffer.allocate(4 * offsets.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
    offsets.forEach(tail::putInt);
    tail.putInt(offsets.size());
    out.writeBytes(tail.array());
    return out.toByteArray();
  }

  private static MemorySegment offHeap(byte[] bytes) {
    MemorySegment s = java.lang.foreign.Arena.ofAuto().allocate(bytes.length);
    MemorySegment.copy(MemorySegment.ofArray(bytes), 0, s, 0, bytes.length);
    return s;
  }

  private static void varint(ByteArrayOutputStream out, int v) {
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  private static int varintBytes(int v) {
    int n = 1;
    while ((v & ~0x7f) != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }
}
