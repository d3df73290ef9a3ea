package dev.cascade.benchmarks;

import dev.cascade.engine.runtime.RuntimeOptions;
import dev.cascade.engine.runtime.ShardRuntime;
import dev.cascade.engine.runtime.Task;
import dev.cascade.engine.runtime.TaskClass;
import dev.cascade.engine.runtime.ValueTask;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hand-off cost of DESIGN.md: a synchronous round trip from an outside thread to a shard, with the shard
 * spinning ({@code spinNanos=50000}) or sleeping ({@code spinNanos=0}), through {@code callDirect}, and per
 * task in a batch of 64.
 * Peer in the same run: the same round trip through a JDK single-thread {@code ExecutorService}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ShardHandOffBench {
  private static final int BATCH = 64;

  @Param({"50000", "0"})
  public long spinNanos;

  private ShardRuntime runtime;
  private ExecutorService executor;
  private List<Task> batch;

  @Setup(Level.Trial)
  public void setUp() {
    runtime = ShardRuntime.start(RuntimeOptions.defaults().withShardCount(1).withSpinNanos(spinNanos));
    executor = Executors.newSingleThreadExecutor();
    batch = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      batch.add(s -> Task.Status.DONE);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runtime.close();
    executor.shutdownNow();
  }

  @Benchmark
  public int shardCall() {
    return runtime.call(0, s -> 1);
  }

  /** The caller runs the task itself when the shard sleeps (with spinning on, the shard is mostly awake). */
  @Benchmark
  public int shardCallDirect() {
    return runtime.callDirect(0, ValueTask.of(s -> 1));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object shardBatchPerTask() throws ExecutionException, InterruptedException {
    List<CompletableFuture<Object>> fs = runtime.submitBatch(0, TaskClass.FOREGROUND, batch);
    return fs.get(BATCH - 1).get();
  }

  /** Peer: the JDK's single-thread executor (parks its worker when idle, like a sleeping shard). */
  @Benchmark
  public int executorCall() throws ExecutionException, InterruptedException {
    return executor.submit(() -> 1).get();
  }
}
