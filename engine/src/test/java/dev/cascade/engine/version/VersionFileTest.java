package dev.cascade.engine.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.io.TestSeeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving and loading version files on both I/O engines. */
class VersionFileTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void saveThenLoad(IoEngineKind kind) {
    RandomStates gen = new RandomStates(new Random(TestSeeds.seed("VersionFileTest.saveThenLoad." + kind)));
    try (IoEngine engine = IoEngines.create(kind)) {
      assertNull(VersionFile.load(engine, dir), "a new shard has no state");
      VersionState a = gen.state(7, 30);
      VersionFile.save(engine, dir, a);
      assertEquals(a, VersionFile.load(engine, dir));
      VersionState b = gen.state(7, 3);
      VersionFile.save(engine, dir, b);
      assertEquals(b, VersionFile.load(engine, dir));
      assertFalse(Files.exists(dir.resolve(VersionFile.TEMP_NAME)));
      try (SyncIo io = new SyncIo(engine)) {
        for (int i = 0; i < 5; i++) {
          VersionState s = gen.state(3, 5);
          VersionFile.save(io, dir, s);
          assertEquals(s, VersionFile.load(io, dir));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void leftoverTempFileIsIgnoredAndDeleted(IoEngineKind kind) throws IOException {
    try (IoEngine engine = IoEngines.create(kind)) {
      Path temp = dir.resolve(VersionFile.TEMP_NAME);
      Files.write(temp, new byte[] {1, 2, 3});
      assertNull(VersionFile.load(engine, dir));
      assertFalse(Files.exists(temp));
      VersionState s = VersionState.empty(4).apply(new VersionEdit().walReplayFrom(12));
      VersionFile.save(engine, dir, s);
      Files.write(temp, new byte[10000]);
      assertEquals(s, VersionFile.load(engine, dir));
      assertFalse(Files.exists(temp));
    }
  }

  /** Every single changed byte of a file on disk is reported as corruption of that file, never loaded. */
  @ParameterizedTest
  @EnumSource(IoEngineKind.class)
  void everyCorruptByteOnDiskIsReported(IoEngineKind kind) throws IOException {
    Random random = new Random(TestSeeds.seed("VersionFileTest.everyCorruptByteOnDiskIsReported." + kind));
    RandomStates gen = new RandomStates(random);
    Path path = dir.resolve(VersionFile.FILE_NAME);
    try (IoEngine engine = IoEngines.create(kind); SyncIo io = new SyncIo(engine)) {
      VersionState s = gen.state(3, 2);
      while (VersionCodec.encode(s).length > 400) {
        s = gen.state(3, 2); // a small file: one load per byte (VersionCodecTest sweeps larger images in memory)
      }
      VersionFile.save(io, dir, s);
      byte[] good = Files.readAllBytes(path);
      for (int i = 0; i < good.length; i++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 + random.nextInt(255));
        Files.write(path, bad);
        int at = i;
        CorruptionException e = assertThrows(CorruptionException.class, () -> VersionFile.load(io, dir),
            () -> "byte " + at);
        assertEquals(path, e.file());
      }
      Files.write(path, new byte[0]);
      assertThrows(CorruptionException.class, () -> VersionFile.load(io, dir));
      Files.write(path, good);
      assertEquals(s, VersionFile.load(io, dir), "the good file loads again");
    }
  }
}
