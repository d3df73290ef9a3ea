package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static dev.cascade.engine.wal.WalFixture.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A torn tail: the log cut (truncated, or zeroed) at every byte of its last record, a small one and a fragmented
 * one. Recovery returns exactly the records before it, and then the whole log once the cut is past its end. In
 * tmpfs where there is one (thousands of opens).
 */
class WalTornTailTest {
  @TempDir Path tmp;

  private static final WalOptions OPTIONS = new WalOptions(8 * WalFormat.PAGE_BYTES, 2, 4, false);

  @AfterEach
  void deleteFastDirs() {
    WalFixture.deleteFastDirs();
  }

  @ParameterizedTest(name = "{0}, last record {1} bytes")
  @CsvSource({"FILECHANNEL, 100", "FILECHANNEL, 4500", "URING, 100", "URING, 4500"})
  void cutAtEveryByteOfTheLastRecord(IoEngineKind kind, int lastBytes) throws IOException {
    Random random = new Random(TestSeeds.seed("WalTornTailTest." + kind + "." + lastBytes));
    Path dir = WalFixture.fastDir(tmp);
    try (WalFixture fx = WalFixture.of(kind, dir)) {
      Wal wal = fx.open(OPTIONS, 0, new ArrayList<>());
      List<Rec> appended = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        appended.add(append(wal, i, WalFixture.randomPayload(random, 50 + random.nextInt(400))));
        fx.await(wal.commit(i == 5));
      }
      // Every cut ends at the record's last byte and leaves zeros from the cut on (truncated files are extended
      // with zeros at open), so a payload ending in zeros would survive a cut there intact: 1 run in 256 did,
      // until the last byte was made non-zero.
      byte[] lastPayload = WalFixture.randomPayload(random, lastBytes);
      lastPayload[lastBytes - 1] |= 1;
      Rec last = append(wal, 6, lastPayload);
      Path file = wal.currentSegmentPath();
      long start = WalPosition.offset(last.position());
      long end = WalPosition.offset(wal.fragmentEnd());
      assertEquals(WalPosition.generation(last.position()), WalPosition.generation(wal.fragmentEnd()));
      fx.await(wal.commit(true));
      wal.close();
      Map<Path, byte[]> image = snapshot(dir);
      // Every byte on io_uring, truncated or zeroed by turns; every byte both ways under -Dcascade.stress;
      // FileChannel samples every 7th byte (its syncs are slow on a small VM, even in tmpfs).
      boolean stress = Boolean.getBoolean("cascade.stress");
      int stride = kind == IoEngineKind.FILECHANNEL && !stress ? 7 : 1;
      for (long cut = start; cut <= end; cut += cut == end - 1 ? 1 : Math.min(stride, Math.max(1, end - 1 - cut))) {
        List<Rec> expected = cut < end ? appended : concat(appended, last);
        if (stress || cut % 2 == 0) {
          restore(image);
          truncate(file, cut);
          assertRecords(expected, fx.reopen(OPTIONS, 0));
        }
        if (stress || cut % 2 == 1) {
          restore(image);
          zero(file, cut, end);
          assertRecords(expected, fx.reopen(OPTIONS, 0));
        }
      }
    }
  }

  private static List<Rec> concat(List<Rec> records, Rec last) {
    List<Rec> all = new ArrayList<>(records);
    all.add(last);
    return all;
  }

  static Map<Path, byte[]> snapshot(Path dir) throws IOException {
    Map<Path, byte[]> image = new HashMap<>();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        image.put(p, Files.readAllBytes(p));
      }
    }
    return image;
  }

  static void restore(Map<Path, byte[]> image) {
    image.forEach((p, bytes) -> {
      try {
        Files.write(p, bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
    }
  }

  private static void zero(Path file, long from, long to) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.allocate((int) (to - from)), from);
    }
  }
}
