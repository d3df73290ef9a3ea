package dev.cascade.benchmarks;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ThreadLoop;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The I/O engines against each other, each driven from one thread the way a shard drives its queue:
 * {@code -p engine=uring} against {@code -p engine=filechannel} in the same run. FileChannel is synchronous, so
 * its "32 in flight" row still has one read in flight at a time; the nested {@link FileChannelThreads} row shows
 * what 32 threads of FileChannel reads would buy instead.
 *
 * <p>JMH does not carry a class's annotations over to its nested classes, so {@link FileChannelThreads} repeats
 * them. Files live in {@code -Dcascade.bench.dir} (default: the system temp directory); every read and write is
 * O_DIRECT, so the page cache is out of the picture and the device is measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class IoEngineBench {
  static final int PAGE_BYTES = 4096;
  static final long READ_FILE_BYTES = 256L << 20;
  static final int WRITE_BYTES = 1 << 20;
  static final long WRITE_FILE_BYTES = 256L << 20;
  static final long SYNC_FILE_BYTES = 16L << 20;
  static final int IN_FLIGHT = 32;

  /** A read file shared by every thread of a trial, filled once. */
  @State(Scope.Benchmark)
  public static class Store {
    @Param({"uring", "filechannel"})
    public String engine;

    IoEngine io;
    Path dir;
    Path readPath;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      io = IoEngines.create(IoEngines.parse(engine));
      dir = Files.createTempDirectory(benchDir(), "io-bench-");
      readPath = dir.resolve("read.dat");
      IoFile f = io.open(readPath, OpenFlag.CREATE, OpenFlag.DIRECT);
      io.preallocate(f, 0, READ_FILE_BYTES);
      io.close(f);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      for (Path name : io.list(dir)) {
        io.delete(dir.resolve(name));
      }
      Files.delete(dir);
      io.close();
    }
  }

  /** One benchmark thread acting as a shard: its own loop, queue, buffers and files. */
  @State(Scope.Thread)
  public static class Shard {
    ThreadLoop loop;
    IoQueue queue;
    IoFile readFile;
    IoFile writeFile;
    IoFile syncFile;
    Arena arena;
    MemorySegment[] pages;
    MemorySegment big;
    final Promise<?>[] inFlight = new Promise<?>[IN_FLIGHT];
    final SplittableRandom random = new SplittableRandom(42);
    long writeOffset;
    long syncOffset;

    @Setup(Level.Trial)
    public void setUp(Store files) {
      IoEngine io = files.io;
      readFile = io.open(files.readPath, OpenFlag.DIRECT);
      String name = Thread.currentThread().getName().replaceAll("[^A-Za-z0-9]", "_");
      writeFile = io.open(files.dir.resolve("write-" + name), OpenFlag.CREATE, OpenFlag.DIRECT);
      syncFile = io.open(files.dir.resolve("sync-" + name), OpenFlag.CREATE, OpenFlag.DIRECT);
      io.preallocate(syncFile, 0, SYNC_FILE_BYTES);
      arena = Arena.ofShared();
      pages = new MemorySegment[IN_FLIGHT];
      for (int i = 0; i < IN_FLIGHT; i++) {
        pages[i] = arena.allocate(PAGE_BYTES, PAGE_BYTES);
      }
      big = arena.allocate(WRITE_BYTES, PAGE_BYTES);
      big.fill((byte) 7);
      pages[0].fill((byte) 3);
    }

    /** The queue of the calling thread, created on it (an io_uring ring is owned by its creating thread). */
    IoQueue queue(Store files) {
      if (loop == null || !loop.inLoop()) {
        if (queue != null) {
          queue.close();
        }
        loop = new ThreadLoop();
        queue = files.io.open(loop, 0);
      }
      return queue;
    }

    long randomPage() {
      return random.nextLong(READ_FILE_BYTES / PAGE_BYTES) * PAGE_BYTES;
    }

    @TearDown(Level.Trial)
    public void tearDown(Store files) {
      if (queue != null) {
        queue.close();
      }
      files.io.close(readFile);
      files.io.close(writeFile);
      files.io.close(syncFile);
      arena.close();
    }
  }

  @Benchmark
  public long randomRead4kInFlight1(Store files, Shard s) {
    IoQueue q = s.queue(files);
    return await(q, q.read(s.readFile, s.randomPage(), s.pages[0]));
  }

  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public long randomRead4kInFlight32(Store files, Shard s) {
    IoQueue q = s.queue(files);
    for (int i = 0; i < IN_FLIGHT; i++) {
      s.inFlight[i] = q.read(s.readFile, s.randomPage(), s.pages[i]);
    }
    long bytes = 0;
    for (int i = 0; i < IN_FLIGHT; i++) {
      bytes += await(q, s.inFlight[i]);
      s.inFlight[i] = null;
    }
    return bytes;
  }

  @Benchmark
  public long sequentialWrite1m(Store files, Shard s) {
    IoQueue q = s.queue(files);
    long offset = s.writeOffset;
    s.writeOffset = (offset + WRITE_BYTES) % WRITE_FILE_BYTES;
    return await(q, q.write(s.writeFile, offset, s.big));
  }

  @Benchmark
  public long write4kFdatasync(Store files, Shard s) {
    IoQueue q = s.queue(files);
    long offset = s.syncOffset;
    s.syncOffset = (offset + PAGE_BYTES) % SYNC_FILE_BYTES;
    return await(q, q.writeAndSync(s.syncFile, offset, s.pages[0], true));
  }

  /**
   * The reference row: 4 KB O_DIRECT random reads with plain FileChannel from 32 threads, 32 reads in flight
   * the way a thread pool gets them. Not an engine row: it shows what threads would buy instead of a ring.
   */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  public static class FileChannelThreads {
    Path dir;
    FileChannel channel;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory(benchDir(), "io-bench-threads-");
      Path path = dir.resolve("read.dat");
      try (IoEngine io = IoEngines.create(IoEngineKind.FILECHANNEL)) {
        IoFile f = io.open(path, OpenFlag.CREATE, OpenFlag.DIRECT);
        io.preallocate(f, 0, READ_FILE_BYTES);
        io.close(f);
      }
      channel = FileChannel.open(path, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      channel.close();
      Files.deleteIfExists(dir.resolve("read.dat"));
      Files.deleteIfExists(dir);
    }

    /** Per-thread buffer and random stream. */
    @State(Scope.Thread)
    public static class Reader {
      final ByteBuffer page = Arena.ofAuto().allocate(PAGE_BYTES, PAGE_BYTES).asByteBuffer();
      final SplittableRandom random = new SplittableRandom(Thread.currentThread().threadId());
    }

    @Benchmark
    @Threads(IN_FLIGHT)
    public int randomRead4kFileChannel32Threads(Reader r) throws IOException {
      r.page.clear();
      long offset = r.random.nextLong(READ_FILE_BYTES / PAGE_BYTES) * PAGE_BYTES;
      return channel.read(r.page, offset);
    }
  }

  /** Waits for one operation the way a shard's idle loop would (poll, then sleep in the queue); its bytes. */
  static long await(IoQueue q, Promise<?> p) {
    return q.await(p).getLong();
  }

  static Path benchDir() {
    return Path.of(System.getProperty("cascade.bench.dir", System.getProperty("java.io.tmpdir")));
  }
}
