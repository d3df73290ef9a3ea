package dev.cascade.engine.wal;

import static dev.cascade.engine.wal.WalFixture.append;
import static dev.cascade.engine.wal.WalFixture.assertRecords;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.wal.WalFixture.Rec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A fixed sequence of records and commits gives byte-exact segment files, checked in as a hex dump of the used
 * pages ({@code testdata/wal/golden.txt}; {@code -Drewrite=true} regenerates it after an intended format change),
 * and the checked-in bytes replay to that sequence. The dump is the format spec's worked example.
 */
class WalGoldenTest {
  @TempDir Path dir;

  static final Path GOLDEN = Path.of("src/test/resources/testdata/wal/golden.txt");
  /** A LINK page and three pages of records per segment, two segments to start with. */
  static final WalOptions OPTIONS = new WalOptions(4 * WalFormat.PAGE_BYTES, 2, 4, true);
  static final int[] SIZES = {0, 10, 100, 4000, 3000, 9000, 50, 50, 4072, 1};
  static final boolean[] SYNC = {false, true, false, false, true, true, false, true, false, true};
  private static final int BYTES_PER_LINE = 32;

  static byte[] payload(int index, int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (index * 31 + i * 7);
    }
    return b;
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void segmentBytesMatchTheGoldenFileAndReplay(IoEngineKind kind) throws IOException {
    List<Rec> appended = new ArrayList<>();
    try (WalFixture fx = WalFixture.of(kind, dir.resolve("written"))) {
      Wal wal = fx.open(OPTIONS, 0, new ArrayList<>());
      for (int i = 0; i < SIZES.length; i++) {
        appended.add(append(wal, 1000 + i, payload(i, SIZES[i])));
        fx.await(wal.commit(SYNC[i]));
      }
      wal.close();
    }
    String dump = dump(dir.resolve("written"));
    if (Boolean.getBoolean("rewrite")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, dump);
    }
    assertEquals(Files.readString(GOLDEN), dump, "segment bytes differ from " + GOLDEN + " (-Drewrite=true if the "
        + "format changed on purpose)");
    Path restored = dir.resolve("restored");
    undump(Files.readString(GOLDEN), restored);
    try (WalFixture fx = WalFixture.of(kind, restored)) {
      assertRecords(appended, fx.reopen(OPTIONS, 0));
    }
  }

  /** Every segment file: its name, size, then its pages up to the last non-zero one, as hex lines. */
  static String dump(Path walDir) throws IOException {
    StringBuilder b = new StringBuilder("# WAL golden dump: segment files, used pages only, "
        + BYTES_PER_LINE + " bytes a line, all-zero lines left out\n");
    HexFormat hex = HexFormat.of();
    try (var files = Files.list(walDir)) {
      for (Path p : files.sorted().toList()) {
        byte[] bytes = Files.readAllBytes(p);
        b.append("segment ").append(p.getFileName()).append(' ').append(bytes.length).append('\n');
        for (int at = 0; at < bytes.length; at += BYTES_PER_LINE) {
          boolean zero = true;
          for (int i = at; i < at + BYTES_PER_LINE; i++) {
            zero &= bytes[i] == 0;
          }
          if (!zero) {
            b.append(String.format("%06x ", at)).append(hex.formatHex(bytes, at, at + BYTES_PER_LINE)).append('\n');
          }
        }
      }
    }
    return b.toString();
  }

  /** Writes the segment files a dump describes. */
  static void undump(String dump, Path walDir) throws IOException {
    Files.createDirectories(walDir);
    Map<String, byte[]> files = new TreeMap<>();
    byte[] current = null;
    for (String line : dump.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" ");
      if (parts[0].equals("segment")) {
        current = new byte[Integer.parseInt(parts[2])];
        files.put(parts[1], current);
      } else {
        byte[] row = HexFormat.of().parseHex(parts[1]);
        System.arraycopy(row, 0, current, Integer.parseInt(parts[0], 16), row.length);
      }
    }
    for (var e : files.entrySet()) {
      Files.write(walDir.resolve(e.getKey()), e.getValue());
    }
  }
}
