package dev.cascade.engine.version;

import static dev.cascade.engine.version.VersionCodecTest.meta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObsoleteFilesTest {
  @Test
  void namesRoundTrip() {
    assertEquals("000012.sst", ObsoleteFiles.sstName(12));
    assertEquals("1234567.sst", ObsoleteFiles.sstName(1234567));
    assertEquals(12, ObsoleteFiles.parseSstNumber(Path.of("/data/shard-000/000012.sst")));
    assertEquals(1234567, ObsoleteFiles.parseSstNumber(Path.of(ObsoleteFiles.sstName(1234567))));
    for (String notSst : List.of("VERSION", "VERSION.tmp", ".sst", "000000.sst", "12a.sst", "000012.sst.tmp",
        "-12.sst", "1234567890123456789.sst", "000001.log")) {
      assertEquals(-1, ObsoleteFiles.parseSstNumber(Path.of(notSst)), notSst);
    }
    assertThrows(IllegalArgumentException.class, () -> ObsoleteFiles.sstName(0));
  }

  @Test
  void obsoleteAreSstsNoStateNeedsAndNobodyKeeps() {
    VersionState older = VersionState.empty(2).apply(new VersionEdit().addFile(1, meta(1, "a", "b"))
        .addFile(1, meta(2, "c", "d")));
    VersionState current = older.apply(new VersionEdit().deleteFile(1, 1).deleteFile(1, 2)
        .addFile(1, meta(3, "a", "d")));
    List<Path> listing = List.of(Path.of("000001.sst"), Path.of("000002.sst"), Path.of("000003.sst"),
        Path.of("000004.sst"), Path.of("000005.sst"), Path.of("VERSION"), Path.of("000009.log"));
    assertEquals(List.of(1L, 2L, 4L, 5L), ObsoleteFiles.obsolete(listing, current));
    assertEquals(List.of(4L, 5L), ObsoleteFiles.obsolete(listing, List.of(current, older), n -> false),
        "an iterator pins the older state");
    assertEquals(List.of(4L), ObsoleteFiles.obsolete(listing, List.of(current, older), n -> n == 5),
        "file 5 is a compaction output still being written");
  }
}
