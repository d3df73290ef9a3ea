package dev.cascade.engine.sstable;

import dev.cascade.engine.Compression;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.iterator.InternalIterator;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.sstable.SstFixture.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fixed input written with NONE and with LZ4 must give exactly the checked-in bytes under
 * {@code src/test/resources/testdata/sstable/} (regenerate with {@code -Drewrite=true} when the format changes on
 * purpose, and say so in {@code sst-format.md}); and the checked-in file reads back to the input.
 */
class SstGoldenTest {
  static final Path GOLDEN_DIR = Path.of("src/test/resources/testdata/sstable");
  static final long FILE_NUMBER = 42;

  @TempDir Path dir;

  /** The fixed input: 600 keys, some with several versions, deletes, a value pointer, and one run. */
  static List<Entry> input() {
    Random rnd = new Random(20261126L); // java.util.Random's sequence is specified, so this input never changes
    List<Entry> out = new ArrayList<>();
    long seq = 10_000;
    for (int i = 0; i < 600; i++) {
      byte[] key = String.format("golden-key-%05d", i).getBytes();
      int versions = i % 7 == 0 ? 3 : 1;
      for (int v = 0; v < versions; v++) {
        EntryKind kind = i % 11 == 0 && v == 0 ? EntryKind.DELETE : i == 301 ? EntryKind.VALUE_POINTER : EntryKind.PUT;
        byte[] value;
        if (kind == EntryKind.DELETE) {
          value = new byte[0];
        } else if (i == 300 && v == 0) {
          value = new byte[9000]; // larger than a page, incompressible: a run
          rnd.nextBytes(value);
        } else {
          value = String.format("value of key %d version %d: %s", i, v, "lorem ipsum ".repeat(i % 5)).getBytes();
        }
        out.add(new Entry(key, seq - v, kind, value));
      }
      seq -= 3;
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"NONE", "LZ4"})
  void matchesCheckedInBytes(Compression compression) throws IOException {
    Path golden = GOLDEN_DIR.resolve("golden-" + compression.name().toLowerCase() + ".sst");
    // LZ4 bytes are those of lz4-java's native (JNI) compressor; the pure-Java fallback writes other valid bytes.
    Assumptions.assumeTrue(compression != Compression.LZ4
        || LZ4Factory.fastestInstance().fastCompressor().getClass().getSimpleName().contains("JNI"),
        "lz4-java has no native library on this platform");
    try (SstFixture f = new SstFixture(IoEngineKind.FILECHANNEL)) {
      Path path = dir.resolve("golden.sst");
      f.write(path, FILE_NUMBER, SstOptions.defaults().withCompression(compression), input());
      byte[] written = Files.readAllBytes(path);
      if (Boolean.getBoolean("rewrite")) {
        Files.createDirectories(GOLDEN_DIR);
        Files.write(golden, written);
        System.out.println("rewrote " + golden.toAbsolutePath());
      }
      assertTrue(Files.exists(golden), "missing " + golden.toAbsolutePath() + "; run with -Drewrite=true");
      assertArrayEquals(Files.readAllBytes(golden), written,
          "the writer's bytes differ from " + golden + ": a format change? regenerate with -Drewrite=true");
      Path copy = dir.resolve("checked-in.sst");
      Files.copy(golden, copy);
      try (SstReader r = f.open(copy, FILE_NUMBER); InternalIterator it = r.iterator(f.queue)) {
        List<Entry> want = input();
        List<Entry> got = SstFixture.scan(it);
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
          assertTrue(SstFixture.same(want.get(i), got.get(i)), "entry " + i + ": " + got.get(i));
        }
        assertEquals(1, r.properties().runCount());
        for (Entry e : want) {
          assertTrue(SstFixture.same(SstRoundTripTest.expectedGet(want, e.key(), e.seq()),
              SstFixture.lookup(r, f.queue, e.key(), e.seq())));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
