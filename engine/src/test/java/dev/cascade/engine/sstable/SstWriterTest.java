package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyHash;
import dev.cascade.engine.key.Limits;
import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.sstable.SstFixture.Entry;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The writer's checks, its page packing, its size estimate, and the reader's MISS protocol. */
class SstWriterTest {
  @TempDir Path dir;

  private static MemorySegment seg(String s) {
    return MemorySegment.ofArray(s.getBytes());
  }

  @Test
  void rejectsBadInput() {
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL);
        SstWriter w = new SstWriter(f.engine, f.queue, dir.resolve("a.sst"), 1, SstOptions.defaults())) {
      w.add(seg("b"), 10, EntryKind.PUT, seg("v"));
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("a"), 5, EntryKind.PUT, seg("v")));
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("b"), 10, EntryKind.PUT, seg("v")));
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("b"), 11, EntryKind.PUT, seg("v")));
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("c"), 5, EntryKind.RANGE_DELETE, seg("d")));
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("c"), 5, EntryKind.DELETE, seg("v")));
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("c"), -1, EntryKind.PUT, seg("v")));
      assertThrows(IllegalArgumentException.class,
          () -> w.add(MemorySegment.ofArray(new byte[Limits.KEY_BYTES_MAX + 1]), 5, EntryKind.PUT, seg("v")));
      w.add(seg("b"), 9, EntryKind.DELETE, null); // an older version of the same key: fine
      assertThrows(IllegalArgumentException.class, () -> w.add(seg("b"), 9, EntryKind.DELETE, null));
    }
    assertFalse(Files.exists(dir.resolve("a.sst")), "close without finish abandons the file");
  }

  @Test
  void emptyWriterCannotFinishAndAbandonDeletes() {
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      Path p = dir.resolve("e.sst");
      SstWriter w = new SstWriter(f.engine, f.queue, p, 1, SstOptions.defaults());
      assertThrows(IllegalStateException.class, w::finish);
      assertTrue(Files.exists(p));
      w.abandon();
      assertFalse(Files.exists(p));
      assertThrows(IllegalStateException.class, () -> w.add(seg("a"), 1, EntryKind.PUT, seg("v")));
    }
  }

  @Test
  void optionsValidateAndPrint() {
    assertThrows(IllegalArgumentException.class, () -> SstOptions.defaults().withBloomBitsPerKey(0));
    assertThrows(IllegalArgumentException.class, () -> SstOptions.defaults().withBloomBitsPerKey(33));
    assertThrows(IllegalArgumentException.class, () -> SstOptions.defaults().withZstdLevel(0));
    assertThrows(NullPointerException.class, () -> new SstOptions(null, 10, 3));
    assertEquals("SstOptions[compression=LZ4, bloomBitsPerKey=10]", SstOptions.defaults().toString());
    assertEquals("SstOptions[compression=ZSTD level 3, bloomBitsPerKey=10]",
        SstOptions.defaults().withCompression(Compression.ZSTD).toString());
  }

  static List<Entry> compressible(int n) {
    Random rnd = new Random(7);
    String[] cities = {"Lisbon", "Oslo", "Kyoto", "Quito", "Perth", "Accra"};
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String v = "user " + i + " lives at " + rnd.nextInt(1000) + " Main Street, " + cities[rnd.nextInt(6)]
          + ", joined " + (2000 + rnd.nextInt(25)) + ", plan " + (rnd.nextBoolean() ? "basic" : "premium");
      out.add(new Entry(String.format("user%08d", i).getBytes(), 1000 + i, EntryKind.PUT, v.getBytes()));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void pagesAreWellFilledWithFewCompressions(Compression c) {
    List<Entry> model = compressible(40_000);
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      Path p = dir.resolve("pack.sst");
      long compressions;
      long estimate;
      SstMeta meta;
      try (SstWriter w = new SstWriter(f.engine, f.queue, p, 3, SstOptions.defaults().withCompression(c))) {
        for (Entry e : model) {
          w.add(MemorySegment.ofArray(e.key()), e.seq(), e.kind(), MemorySegment.ofArray(e.value()));
        }
        estimate = w.estimatedSizeBytes();
        meta = w.finish();
        compressions = w.compressions();
      }
      try (SstReader r = f.open(p, 3)) {
        SstProperties props = r.properties();
        double fill = (double) props.dataStoredBytes() / (props.dataPageCount() * SstFormat.PAGE_PAYLOAD_BYTES_MAX);
        double perPage = (double) compressions / props.dataPageCount();
        System.out.printf("%s: %d data pages, fill %.3f, %.2f compressions per page, ratio %.2f, estimate %d of %d%n",
            c, props.dataPageCount(), fill, perPage, (double) props.dataStoredBytes() / props.dataRawBytes(),
            estimate, meta.sizeBytes());
        assertTrue(fill >= (c == Compression.NONE ? 0.97 : 0.85), c + " fill " + fill);
        if (c != Compression.NONE) {
          assertTrue(perPage <= 2.5, c + " compressions per page " + perPage);
          assertTrue(props.dataStoredBytes() < props.dataRawBytes() * 0.7, "compressible data compresses");
        }
        assertTrue(Math.abs(estimate - meta.sizeBytes()) < meta.sizeBytes() * 0.2, estimate + " vs " + meta.sizeBytes());
        assertEquals(model.size(), SstFixture.scan(r.iterator(f.queue)).size());
      }
    }
  }

  /**
   * Values a compressor shrinks by about a tenth (85 random bytes, then 15 zeros): less than
   * {@link BlockPacker#SAVING_MIN}, so after {@link BlockPacker#PROBE_BLOCKS} compressed blocks the rest of the file
   * is stored raw; data that compresses well stays compressed ({@link #pagesAreWellFilledWithFewCompressions}).
   */
  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"LZ4", "ZSTD"})
  void compressionThatDoesNotPayIsDropped(Compression c) throws java.io.IOException {
    Random rnd = new Random(7);
    List<Entry> model = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] v = new byte[100];
      rnd.nextBytes(v);
      java.util.Arrays.fill(v, 85, 100, (byte) 0);
      model.add(new Entry(String.format("user%08d", i).getBytes(), 1000 + i, EntryKind.PUT, v));
    }
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      Path p = dir.resolve("poor.sst");
      long compressions;
      try (SstWriter w = new SstWriter(f.engine, f.queue, p, 3, SstOptions.defaults().withCompression(c))) {
        for (Entry e : model) {
          w.add(MemorySegment.ofArray(e.key()), e.seq(), e.kind(), MemorySegment.ofArray(e.value()));
        }
        w.finish();
        compressions = w.compressions();
      }
      List<Compression> kinds = new ArrayList<>();
      java.nio.ByteBuffer file = java.nio.ByteBuffer.wrap(Files.readAllBytes(p));
      for (SstCorruptionTest.Block b : SstCorruptionTest.blocks(p)) {
        if (b.kind().equals("data block")) {
          kinds.add(Compression.ofCode(file.get((int) (b.page() * SstFormat.PAGE_BYTES) + BlockHeader.COMPRESSION_AT)));
        }
      }
      assertTrue(kinds.size() > 4 * BlockPacker.PROBE_BLOCKS, kinds.size() + " blocks");
      assertEquals(java.util.Collections.nCopies(BlockPacker.PROBE_BLOCKS, c), kinds.subList(0, BlockPacker.PROBE_BLOCKS),
          "the probe blocks are compressed: " + kinds);
      assertEquals(java.util.Collections.nCopies(kinds.size() - BlockPacker.PROBE_BLOCKS - 1, Compression.NONE),
          kinds.subList(BlockPacker.PROBE_BLOCKS + 1, kinds.size()), "then raw: " + kinds);
      assertTrue(compressions < 3L * BlockPacker.PROBE_BLOCKS, "no compression after the probe: " + compressions);
      try (SstReader r = f.open(p, 3)) {
        List<Entry> read = SstFixture.scan(r.iterator(f.queue));
        assertEquals(model.size(), read.size());
        for (int i = 0; i < model.size(); i += 997) {
          assertArrayEquals(model.get(i).value(), read.get(i).value());
          LookupResult out = new LookupResult();
          MemorySegment key = MemorySegment.ofArray(model.get(i).key());
          assertTrue(r.getBlocking(f.queue, key, KeyHash.of(model.get(i).key()), Limits.SEQUENCE_MAX, out));
          assertArrayEquals(model.get(i).value(), out.value);
        }
      }
    }
  }

  @Test
  void missProtocolLoadsPagesAndRuns() {
    List<Entry> model = new ArrayList<>(compressible(50));
    byte[] big = new byte[3 << 20];
    new Random(3).nextBytes(big);
    model.add(new Entry("zz-big".getBytes(), 5, EntryKind.PUT, big));
    try (SstFixture f = new SstFixture(IoEngineKind.URING)) {
      Path p = dir.resolve("miss.sst");
      f.write(p, 9, SstOptions.defaults().withCompression(Compression.ZSTD), model);
      try (SstReader r = f.open(p, 9)) {
        for (Entry e : List.of(model.get(7), model.getLast())) {
          LookupResult out = new LookupResult();
          MemorySegment key = MemorySegment.ofArray(e.key());
          int misses = 0;
          int result;
          while ((result = r.get(key, KeyHash.of(e.key()), Limits.SEQUENCE_MAX, out)) == SstReader.MISS) {
            misses++;
            Promise<Void> load = f.queue.await(r.load(f.queue, out.missPage));
            load.get();
          }
          assertEquals(SstReader.FOUND, result);
          assertTrue(misses >= 1, "a cold cache misses");
          assertArrayEquals(e.value(), out.value);
          assertEquals(e.seq(), out.seq);
        }
        LookupResult out = new LookupResult();
        assertFalse(r.getBlocking(f.queue, seg("user00000007x"), KeyHash.of("user00000007x".getBytes()),
            Limits.SEQUENCE_MAX, out));
        assertFalse(r.getBlocking(f.queue, seg("user00000007"), KeyHash.of("user00000007".getBytes()), 3, out),
            "older than every version");
      }
    }
  }
}
