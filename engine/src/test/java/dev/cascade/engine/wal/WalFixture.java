package dev.cascade.engine.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An engine, a queue owned by the test thread and a WAL directory, with helpers to open a WAL and collect what it
 * replays, and to wait for commits.
 *
 * <p>Owned by the test thread.
 */
final class WalFixture implements AutoCloseable {
  /** A record as appended or replayed. */
  record Rec(long position, long seq, byte[] payload) {
    @Override
    public String toString() {
      return "Rec[" + WalPosition.toString(position) + ", seq " + seq + ", " + payload.length + " bytes]";
    }
  }

  final IoEngine engine;
  final ThreadLoop loop = new ThreadLoop();
  final IoQueue queue;
  final Path dir;

  WalFixture(IoEngine engine, Path dir) {
    this.engine = engine;
    this.queue = engine.open(loop, 0);
    this.dir = dir;
  }

  /**
   * A fresh directory in tmpfs (/dev/shm) when there is one, for tests that open a WAL thousands of times or move
   * hundreds of MiB: syncs there cost little. Else a directory under {@code fallback}.
   */
  static Path fastDir(Path fallback) {
    try {
      Path shm = Path.of("/dev/shm");
      if (Files.isDirectory(shm) && Files.isWritable(shm)) {
        Path dir = Files.createTempDirectory(shm, "cascade-wal-test-");
        FAST_DIRS.add(dir);
        return dir;
      }
      return Files.createTempDirectory(fallback, "wal");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final List<Path> FAST_DIRS = new ArrayList<>();

  /** Deletes the tmpfs directories made by {@link #fastDir}. */
  static void deleteFastDirs() {
    for (Path dir : FAST_DIRS) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    FAST_DIRS.clear();
  }

  static WalFixture of(IoEngineKind kind, Path dir) {
    return new WalFixture(IoEngines.create(kind), dir);
  }

  /** Opens the WAL, adding what it replays to {@code replayed}. */
  Wal open(WalOptions options, long replayFrom, List<Rec> replayed) {
    return Wal.open(engine, queue, loop, dir, options, replayFrom,
        (position, seq, payload) -> replayed.add(new Rec(position, seq, payload.toArray(ValueLayout.JAVA_BYTE))));
  }

  /** Opens the WAL and returns what it replayed. */
  List<Rec> reopen(WalOptions options, long replayFrom) {
    List<Rec> replayed = new ArrayList<>();
    open(options, replayFrom, replayed).close();
    return replayed;
  }

  void await(Promise<Void> p) {
    queue.await(p).get();
  }

  static Rec append(Wal wal, long seq, byte[] payload) {
    long position = wal.append(seq, MemorySegment.ofArray(payload));
    return new Rec(position, seq, payload);
  }

  static byte[] randomPayload(Random random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  /** Random sizes: mostly small, some over several pages. */
  static int randomSize(Random random) {
    return switch (random.nextInt(10)) {
      case 0 -> 0;
      case 1 -> random.nextInt(4 * WalFormat.PAGE_BYTES * 3);
      case 2 -> WalFormat.FRAGMENT_PAYLOAD_BYTES_MAX - 2 + random.nextInt(5);
      default -> random.nextInt(300);
    };
  }

  static void assertRecords(List<Rec> expected, List<Rec> actual) {
    assertEquals(expected.size(), actual.size(), () -> "record count; expected " + expected + ", got " + actual);
    for (int i = 0; i < expected.size(); i++) {
      Rec e = expected.get(i);
      Rec a = actual.get(i);
      int at = i;
      assertEquals(WalPosition.toString(e.position()), WalPosition.toString(a.position()), () -> "position of " + at);
      assertEquals(e.seq(), a.seq(), () -> "seq of record " + at);
      assertArrayEquals(e.payload(), a.payload(), () -> "payload of record " + at);
    }
  }

  @Override
  public void close() {
    queue.close();
    engine.close();
  }
}
