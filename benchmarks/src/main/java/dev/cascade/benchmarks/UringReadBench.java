package dev.cascade.benchmarks;

import com.sun.nio.file.ExtendedOpenOption;
import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoFile;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.OpenFlag;
import dev.cascade.engine.io.uring.UringIoEngine;
import dev.cascade.engine.io.uring.UringQueue;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Task;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Random 4 KiB O_DIRECT reads of a 64 MiB file, {@code depth} at a time: Cascade's io_uring queue (all reads
 * in flight together, one enter to submit them) against its peer in the same run, {@code FileChannel} opened
 * with {@code ExtendedOpenOption.DIRECT} reading the same pages one after another on the calling thread.
 * Scores are per batch of {@code depth} reads. Also {@code pageCache*}: buffered reads of the same pages,
 * which measure the per-operation overhead of each path rather than the device. {@code registered=true}
 * registers the queue's buffers (READ_FIXED); it changes nothing for FileChannel, so filter those runs out:
 * {@code benchmarks/run 'UringReadBench.uring' -p registered=true}.
 *
 * <p>Thread ownership: JMH runs each state on one benchmark thread, which owns the queue.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class UringReadBench {
  private static final int PAGE = IoEngine.ALIGNMENT_BYTES;
  private static final int FILE_PAGES = 16 * 1024;
  private static final int OFFSETS = 1 << 16;

  @Param({"1", "32"})
  public int depth;

  /** Whether the uring queue registers its read buffers (READ_FIXED); FileChannel ignores it. */
  @Param({"false", "true"})
  public boolean registered;

  private Path dir;
  private Arena arena;
  private UringIoEngine engine;
  private IoQueue queue;
  private IoFile directFile;
  private IoFile bufferedFile;
  private FileChannel directChannel;
  private FileChannel bufferedChannel;
  private MemorySegment buffers;
  private ByteBuffer channelBuffer;
  private long[] offsets;
  private int next;

  /** The benchmark thread as an event loop: promises complete on it; nothing waits on them as a task. */
  private static final class BenchLoop implements EventLoop {
    private final Thread thread = Thread.currentThread();

    @Override
    public void resume(Task task) {}

    @Override
    public boolean inLoop() {
      return Thread.currentThread() == thread;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    if (!UringIoEngine.isAvailable()) {
      throw new IllegalStateException("io_uring unavailable: " + UringIoEngine.unavailableReason());
    }
    dir = Files.createTempDirectory("uring-bench");
    Path file = dir.resolve("data");
    byte[] chunk = new byte[1 << 20];
    new Random(1).nextBytes(chunk);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (long written = 0; written < (long) FILE_PAGES * PAGE; written += chunk.length) {
        ch.write(ByteBuffer.wrap(chunk), written);
      }
      ch.force(true);
    }
    arena = Arena.ofConfined();
    engine = new UringIoEngine();
    queue = engine.open(new BenchLoop(), 0);
    directFile = engine.open(file, OpenFlag.DIRECT);
    bufferedFile = engine.open(file);
    directChannel = FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT);
    bufferedChannel = FileChannel.open(file, StandardOpenOption.READ);
    buffers = arena.allocate((long) depth * PAGE, PAGE);
    if (registered) {
      ((UringQueue) queue).registerBuffers(buffers);
    }
    channelBuffer = ByteBuffer.allocateDirect(2 * PAGE).alignedSlice(PAGE).limit(PAGE);
    Random random = new Random(2);
    offsets = new long[OFFSETS];
    for (int i = 0; i < OFFSETS; i++) {
      offsets[i] = (long) random.nextInt(FILE_PAGES) * PAGE;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    queue.close();
    engine.close(directFile);
    engine.close(bufferedFile);
    engine.close();
    directChannel.close();
    bufferedChannel.close();
    arena.close();
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  @Benchmark
  public long uringDirect() {
    return uringBatch(directFile);
  }

  @Benchmark
  public long fileChannelDirect() throws IOException {
    return channelBatch(directChannel);
  }

  @Benchmark
  public long pageCacheUring() {
    return uringBatch(bufferedFile);
  }

  @Benchmark
  public long pageCacheFileChannel() throws IOException {
    return channelBatch(bufferedChannel);
  }

  private long uringBatch(IoFile file) {
    Promise<Void> last = null;
    for (int i = 0; i < depth; i++) {
      last = queue.read(file, nextOffset(), buffers.asSlice((long) i * PAGE, PAGE));
    }
    // Reads complete in any order; wait until all have.
    while (queue.inFlight() > 0) {
      if (queue.poll() == 0 && queue.inFlight() > 0) {
        queue.sleep(1_000_000_000L);
      }
    }
    return last.getLong();
  }

  private long channelBatch(FileChannel channel) throws IOException {
    long total = 0;
    for (int i = 0; i < depth; i++) {
      channelBuffer.clear();
      total += channel.read(channelBuffer, nextOffset());
    }
    return total;
  }

  private long nextOffset() {
    long offset = offsets[next];
    next = (next + 1) & (OFFSETS - 1);
    return offset;
  }
}
