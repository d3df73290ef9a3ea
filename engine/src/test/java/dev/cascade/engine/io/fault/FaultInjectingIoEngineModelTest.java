package dev.cascade.engine.io.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.Errno;
import dev.cascade.engine.StorageIoException;
import dev.cascade.engine.io.FileChannelIoEngine;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoOp;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.io.TestSeeds;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Randomized model test of the crash simulation: random writes, truncations and syncs on a few files, mirrored
 * in byte arrays (current and as of the last sync), then a crash; the files must match what the model allows.
 * Short in {@code mvn verify}; {@code -Pstress} runs many more rounds. Seeded: {@code -Dseed=} replays.
 */
class FaultInjectingIoEngineModelTest {
  private static final int PAGE = IoEngine.ALIGNMENT_BYTES;
  private static final int FILES = 3;
  private static final int OPS_PER_ROUND = 40;
  private static final int ROUNDS = Boolean.getBoolean("cascade.stress") ? 2000 : 25;
  /** Files stay small so that rounds are fast; writes may still extend them past several pages. */
  private static final int SIZE_MAX_BYTES = 8 * PAGE;

  @TempDir Path dir;
  FaultInjectingIoEngine engine;
  SyncIo io;
  Arena arena;
  long seed;

  @BeforeEach
  void setUp(TestInfo info) {
    engine = new FaultInjectingIoEngine(new FileChannelIoEngine());
    io = new SyncIo(engine);
    arena = Arena.ofShared();
    seed = TestSeeds.seed(getClass().getSimpleName() + "." + info.getDisplayName());
  }

  @AfterEach
  void tearDown() {
    io.close();
    engine.close();
    arena.close();
  }

  @ParameterizedTest
  @EnumSource(CrashMode.class)
  void crashLeavesWhatTheModelAllows(CrashMode mode) {
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      byte[][] current = new byte[FILES][0];
      byte[][] durable = new byte[FILES][0];
      IoFile[] files = new IoFile[FILES];
      for (int i = 0; i < FILES; i++) {
        engine.delete(path(i));
        files[i] = engine.open(path(i), OpenFlag.CREATE_NEW);
      }
      engine.syncDirectory(dir);
      for (int op = 0; op < OPS_PER_ROUND; op++) {
        int i = random.nextInt(FILES);
        current[i] = step(random, files[i], current[i]);
        if (random.nextInt(8) == 0) {
          io.sync(files[i], random.nextBoolean());
          durable[i] = current[i].clone();
        }
      }
      engine.crash(mode, random.nextLong());
      for (int i = 0; i < FILES; i++) {
        check(mode, durable[i], current[i], contentOf(path(i)), "round " + round + " file " + i);
      }
    }
  }

  /**
   * Writes, syncs and failing syncs, modelled per byte: a byte written since the last sync is made durable by a
   * successful sync and lost for good by a failed one (until written again); the durable length grows with
   * the writes made durable. No truncations: their interplay with lost data is covered by the unit tests.
   */
  @Test
  void failedSyncsLoseWhatTheyCovered() {
    Random random = new Random(seed);
    for (int round = 0; round < ROUNDS; round++) {
      engine.delete(path(0));
      IoFile f = engine.open(path(0), OpenFlag.CREATE_NEW);
      engine.syncDirectory(dir);
      byte[] current = new byte[0];
      byte[] durable = new byte[0];
      BitSet dirty = new BitSet();
      for (int op = 0; op < OPS_PER_ROUND; op++) {
        int kind = random.nextInt(6);
        if (kind == 0) {
          io.sync(f, random.nextBoolean());
          durable = Arrays.copyOf(durable, Math.max(durable.length, dirty.length()));
          for (int b = dirty.nextSetBit(0); b >= 0; b = dirty.nextSetBit(b + 1)) {
            durable[b] = current[b];
          }
          dirty.clear();
        } else if (kind == 1) {
          engine.failNext(IoOp.SYNC, p -> true, Errno.EIO, 1);
          assertThrows(StorageIoException.class, () -> io.sync(f, true));
          dirty.clear(); // lost: only a new write of these bytes can make them durable
        } else {
          int length = 1 + random.nextInt(2 * PAGE);
          int offset = random.nextInt(SIZE_MAX_BYTES - length);
          current = step(random, f, current, offset, length);
          dirty.set(offset, offset + length);
        }
      }
      engine.crash(CrashMode.DROP_UNSYNCED, random.nextLong());
      assertArrayEquals(durable, contentOf(path(0)), "round " + round);
    }
  }

  private Path path(int i) {
    return dir.resolve("file-" + i);
  }

  /** One random write or truncation; returns the new model content. */
  private byte[] step(Random random, IoFile f, byte[] content) {
    if (random.nextInt(6) == 0) {
      int size = random.nextInt(SIZE_MAX_BYTES);
      engine.truncate(f, size);
      return Arrays.copyOf(content, size);
    }
    int length = 1 + random.nextInt(2 * PAGE);
    int offset = random.nextInt(SIZE_MAX_BYTES - length);
    return step(random, f, content, offset, length);
  }

  /** A random write of {@code length} bytes at {@code offset}; returns the new model content. */
  private byte[] step(Random random, IoFile f, byte[] content, int offset, int length) {
    byte[] data = new byte[length];
    random.nextBytes(data);
    MemorySegment src = arena.allocate(length);
    MemorySegment.copy(data, 0, src, ValueLayout.JAVA_BYTE, 0, length);
    io.write(f, offset, src);
    byte[] next = Arrays.copyOf(content, Math.max(content.length, offset + length));
    System.arraycopy(data, 0, next, offset, length);
    return next;
  }

  private static void check(CrashMode mode, byte[] durable, byte[] current, byte[] actual, String where) {
    if (mode == CrashMode.DROP_UNSYNCED) {
      assertArrayEquals(durable, actual, where);
      return;
    }
    assertTrue(actual.length == durable.length || actual.length == current.length,
        where + ": length " + actual.length + ", synced " + durable.length + ", current " + current.length);
    if (mode == CrashMode.GARBLE_UNSYNCED) {
      return; // any touched sector may be garbage; untouched ones are covered by FaultInjectingIoEngineTest
    }
    for (int start = 0; start < actual.length; start += PAGE) {
      byte[] sector = sector(actual, start, actual.length);
      boolean old = Arrays.equals(sector, sector(durable, start, actual.length));
      boolean fresh = Arrays.equals(sector, sector(current, start, actual.length));
      assertTrue(old || fresh, where + ": sector at " + start + " is neither old nor new");
    }
  }

  /** Bytes {@code [start, start + PAGE)} clipped to {@code length}, zero beyond the array's end. */
  private static byte[] sector(byte[] file, int start, int length) {
    byte[] out = new byte[Math.min(PAGE, length - start)];
    if (start < file.length) {
      System.arraycopy(file, start, out, 0, Math.min(out.length, file.length - start));
    }
    return out;
  }

  private byte[] contentOf(Path path) {
    IoFile f = engine.open(path);
    try {
      long size = engine.size(f);
      MemorySegment dst = arena.allocate(Math.max(1, size));
      long n = io.read(f, 0, dst);
      return dst.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    } finally {
      engine.close(f);
    }
  }
}
