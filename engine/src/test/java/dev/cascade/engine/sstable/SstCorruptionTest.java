package dev.cascade.engine.sstable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.sstable.SstFixture.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A flipped bit in any block (data page, run, filter, index, top index, properties, footer) is reported as a
 * {@link CorruptionException} naming the file, the block's offset and its kind, from open, get or the iterator;
 * every answer given before that is right.
 */
class SstCorruptionTest {
  @TempDir Path dir;

  /** A block of the file: its first page, page count and kind, found by walking the file as a reader would. */
  record Block(long page, long pages, String kind) {}

  @ParameterizedTest
  @ValueSource(strings = {"data block", "data run", "filter partition", "index partition", "top index",
      "properties block", "footer"})
  void flippedBitIsReported(String target) throws IOException {
    long seed = TestSeeds.seed("SstCorruptionTest " + target);
    Random rnd = new Random(seed);
    List<Entry> model = SstGoldenTest.input();
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      Path good = dir.resolve("good.sst");
      f.write(good, SstGoldenTest.FILE_NUMBER, SstOptions.defaults(), model);
      List<Block> blocks = blocks(good);
      List<Block> candidates = new ArrayList<>();
      for (Block b : blocks) {
        boolean run = b.kind.equals("data block") && b.pages > 1;
        if (target.equals("data run") ? run : b.kind.equals(target) && !(target.equals("data block") && run)) {
          candidates.add(b);
        }
      }
      assertTrue(!candidates.isEmpty(), "no " + target + " in " + blocks);
      Block victim = candidates.get(rnd.nextInt(candidates.size()));
      byte[] bytes = Files.readAllBytes(good);
      long bit = victim.page * SstFormat.PAGE_BYTES * 8 + (long) (rnd.nextDouble() * victim.pages * SstFormat.PAGE_BYTES * 8);
      bytes[(int) (bit / 8)] ^= (byte) (1 << (bit % 8));
      Path bad = dir.resolve("bad.sst");
      Files.write(bad, bytes);
      System.out.println(target + ": flipped bit " + bit % 8 + " of byte " + bit / 8 + " in " + victim);
      CorruptionException e = exercise(f, bad, model);
      assertNotNull(e, "seed " + seed + ": no corruption reported for a flipped bit in " + victim);
      assertEquals(bad, e.file());
      assertEquals(victim.page * SstFormat.PAGE_BYTES, e.offset(), e.getMessage());
      String kind = target.equals("data run") ? "data block" : target;
      assertEquals(kind, e.blockKind(), e.getMessage());
    }
  }

  @org.junit.jupiter.api.Test
  void notAnSstOrTruncatedIsReported() throws IOException {
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      Path good = dir.resolve("good.sst");
      f.write(good, SstGoldenTest.FILE_NUMBER, SstOptions.defaults(), SstGoldenTest.input());
      byte[] bytes = Files.readAllBytes(good);
      Path truncated = dir.resolve("truncated.sst");
      Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
      CorruptionException e = org.junit.jupiter.api.Assertions.assertThrows(CorruptionException.class,
          () -> f.open(truncated, SstGoldenTest.FILE_NUMBER));
      assertEquals("footer", e.blockKind());
      Path shortened = dir.resolve("shortened.sst");
      Files.write(shortened, java.util.Arrays.copyOf(bytes, bytes.length - SstFormat.PAGE_BYTES));
      e = org.junit.jupiter.api.Assertions.assertThrows(CorruptionException.class,
          () -> f.open(shortened, SstGoldenTest.FILE_NUMBER));
      assertTrue(e.getMessage().contains("magic"), e.getMessage());
      Path zeros = dir.resolve("zeros.sst");
      Files.write(zeros, new byte[8 * SstFormat.PAGE_BYTES]);
      e = org.junit.jupiter.api.Assertions.assertThrows(CorruptionException.class,
          () -> f.open(zeros, SstGoldenTest.FILE_NUMBER));
      assertTrue(e.getMessage().contains("not a Cascade SST file"), e.getMessage());
      e = org.junit.jupiter.api.Assertions.assertThrows(CorruptionException.class,
          () -> f.open(good, SstGoldenTest.FILE_NUMBER + 1));
      assertTrue(e.getMessage().contains("file number"), e.getMessage());
    }
  }

  /** Opens, gets every key at several snapshots and scans; returns the first corruption (all answers checked). */
  private static CorruptionException exercise(SstFixture f, Path bad, List<Entry> model) {
    SstReader r;
    try {
      r = f.open(bad, SstGoldenTest.FILE_NUMBER);
    } catch (CorruptionException e) {
      return e;
    }
    CorruptionException first = null;
    try (r) {
      for (Entry e : model) {
        for (long snapshot : new long[] {e.seq(), Long.MAX_VALUE}) {
          try {
            Entry got = SstFixture.lookup(r, f.queue, e.key(), snapshot);
            Entry want = SstRoundTripTest.expectedGet(model, e.key(), snapshot);
            if (!SstFixture.same(want, got)) {
              fail("wrong answer from a corrupt file: " + got + ", expected " + want);
            }
          } catch (CorruptionException c) {
            first = first == null ? c : first;
          }
        }
      }
      try (InternalIterator it = r.iterator(f.queue)) {
        int i = 0;
        for (it.seekToFirst(); it.valid(); it.next()) {
          assertTrue(SstFixture.same(model.get(i++), SstFixture.current(it)), "wrong entry from a corrupt file");
        }
        assertEquals(model.size(), i);
      } catch (CorruptionException c) {
        first = first == null ? c : first;
      }
    }
    return first;
  }

  /** Walks the file: data blocks by their headers' page counts, then the locations the footer names. */
  static List<Block> blocks(Path path) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
    long pages = file.capacity() / SstFormat.PAGE_BYTES;
    int footerAt = (int) ((pages - 1) * SstFormat.PAGE_BYTES);
    long topPage = file.getLong(footerAt + 32);
    int topPages = file.getInt(footerAt + 40);
    long propsPage = file.getLong(footerAt + 44);
    int propsPages = file.getInt(footerAt + 52);
    List<Block> out = new ArrayList<>();
    long page = 0;
    while (true) {
      int kind = file.get((int) (page * SstFormat.PAGE_BYTES) + BlockHeader.KIND_AT);
      if (kind != BlockKind.DATA.code()) {
        break;
      }
      long n = file.getInt((int) (page * SstFormat.PAGE_BYTES) + BlockHeader.PAGE_COUNT_AT);
      out.add(new Block(page, n, "data block"));
      page += n;
    }
    for (; page < topPage; page++) {
      out.add(new Block(page, 1, BlockKind.ofCode(file.get((int) (page * SstFormat.PAGE_BYTES) + 4)).label()));
    }
    out.add(new Block(topPage, topPages, "top index"));
    out.add(new Block(propsPage, propsPages, "properties block"));
    out.add(new Block(pages - 1, 1, "footer"));
    return out;
  }
}
