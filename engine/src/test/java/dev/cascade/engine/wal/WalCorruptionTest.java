package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static dev.cascade.engine.wal.WalFixture.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bad record followed by records that prove it was durable is corruption, reported with file, offset and
 * "WAL record", never a silent truncation: in the last segment (later records carry a durable watermark past it)
 * and in an earlier one (the next segment's LINK says where it ends).
 */
class WalCorruptionTest {
  @TempDir Path dir;

  private static final WalOptions OPTIONS = new WalOptions(8 * WalFormat.PAGE_BYTES, 3, 16, true);

  private record Placed(Rec rec, Path file) {}

  private List<Placed> writeSynced(WalFixture fx, Random random, int count) {
    Wal wal = fx.open(OPTIONS, 0, new ArrayList<>());
    List<Placed> placed = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      Rec r = append(wal, i, WalFixture.randomPayload(random, 200 + random.nextInt(1500)));
      placed.add(new Placed(r, wal.currentSegmentPath()));
      fx.await(wal.commit(true));
    }
    wal.close();
    return placed;
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void flippedBitInTheLastSegment(IoEngineKind kind) throws IOException {
    Random random = new Random(TestSeeds.seed("WalCorruptionTest.last." + kind));
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      List<Placed> placed = writeSynced(fx, random, 4);
      Placed victim = placed.get(1);
      assertEquals(victim.file(), placed.getLast().file(), "one segment");
      long offset = WalPosition.offset(victim.rec().position());
      flipBit(victim.file(), offset + WalFormat.HEADER_BYTES + random.nextInt(victim.rec().payload().length), random);
      CorruptionException e = assertThrows(CorruptionException.class, () -> fx.reopen(OPTIONS, 0));
      assertEquals(victim.file(), e.file(), e.getMessage());
      assertEquals(offset, e.offset(), e.getMessage());
      assertEquals("WAL record", e.blockKind());
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void flippedBitInAnEarlierSegment(IoEngineKind kind) throws IOException {
    Random random = new Random(TestSeeds.seed("WalCorruptionTest.earlier." + kind));
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      List<Placed> placed = writeSynced(fx, random, 20);
      Placed victim = placed.get(2);
      assertNotEquals(victim.file(), placed.getLast().file(), "the log spans segments");
      long offset = WalPosition.offset(victim.rec().position());
      flipBit(victim.file(), offset + random.nextInt(WalFormat.HEADER_BYTES), random);
      CorruptionException e = assertThrows(CorruptionException.class, () -> fx.reopen(OPTIONS, 0));
      assertEquals(victim.file(), e.file(), e.getMessage());
      assertEquals(offset, e.offset(), e.getMessage());
      assertEquals("WAL record", e.blockKind());
      // Replaying from after the damage does not read it.
      long from = placed.get(placed.size() - 2).rec().position();
      assertRecords(List.of(placed.get(placed.size() - 2).rec(), placed.getLast().rec()), fx.reopen(OPTIONS, from));
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void missingSegmentIsCorruption(IoEngineKind kind) throws IOException {
    Random random = new Random(TestSeeds.seed("WalCorruptionTest.missing." + kind));
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      List<Placed> placed = writeSynced(fx, random, 20);
      Path first = placed.getFirst().file();
      assertNotEquals(first, placed.getLast().file());
      // Zero the LINK page of the first segment: the next segment's LINK names a generation nobody holds.
      try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
        ch.write(ByteBuffer.allocate(WalFormat.PAGE_BYTES), 0);
      }
      CorruptionException e = assertThrows(CorruptionException.class, () -> fx.reopen(OPTIONS, 0));
      assertEquals("WAL record", e.blockKind());
      assertTrue(e.getMessage().contains("no segment holds generation"), e.getMessage());
    }
  }

  static void flipBit(Path file, long offset, Random random) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8))));
      ch.write(b.rewind(), offset);
    }
  }
}
