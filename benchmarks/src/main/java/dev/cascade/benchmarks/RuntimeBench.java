package dev.cascade.benchmarks;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.ReactorFactory;
import dev.cascade.engine.runtime.RuntimeOptions;
import dev.cascade.engine.runtime.Shard;
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
 * What the shard runtime costs, in microseconds per operation: a task switch on one shard, a cross-shard WAIT
 * round trip, and the round trip from an outside thread (synchronous with the shard spinning or sleeping,
 * asynchronous, batched 64 per hand-off, and {@code callDirect}, where the caller runs an idle shard's task
 * itself). These are the costs DESIGN.md's "hand-off problem" is about.
 *
 * <p>{@code idle=spinning} lets an idle shard spin 50 µs before it sleeps; {@code idle=sleeping} sleeps at once.
 * {@code reactor=parking} sleeps with LockSupport.park, {@code reactor=uring} in io_uring_enter, woken through an
 * eventfd, as a shard with the io_uring engine does. Peer in the same run: the same outside round trip through a
 * JDK single-thread {@code ExecutorService} ({@code executorRoundTrip}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
public class RuntimeBench {
  static final int SWITCHES = 1000;
  static final int CROSS_CALLS = 1000;
  static final int BATCH = 64;
  static final long SPIN_NANOS = 50_000;

  @Param({"spinning", "sleeping"})
  public String idle;

  @Param({"parking", "uring"})
  public String reactor;

  private IoEngine io;
  private ShardRuntime runtime;
  private ExecutorService executor;
  private List<Task> batch;

  @Setup(Level.Trial)
  public void setUp() {
    ReactorFactory reactors = RuntimeOptions.defaults().reactorFactory();
    if (reactor.equals("uring")) {
      io = IoEngines.create(IoEngines.parse("uring"));
      reactors = io;
    }
    long spin = idle.equals("spinning") ? SPIN_NANOS : 0;
    runtime = ShardRuntime.start(
        RuntimeOptions.defaults().withShardCount(2).withSpinNanos(spin).withReactorFactory(reactors));
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
    if (io != null) {
      io.close();
    }
  }

  /** One task yielding {@value #SWITCHES} times: the cost of giving the thread back and being run again. */
  @Benchmark
  @OperationsPerInvocation(SWITCHES)
  public int sameShardTaskSwitch() {
    return runtime.call(0, new YieldingTask(SWITCHES));
  }

  /** A task on shard 0 calls shard 1 and waits for each reply before the next call (WAIT mode). */
  @Benchmark
  @OperationsPerInvocation(CROSS_CALLS)
  public int crossShardWaitRoundTrip() {
    return runtime.call(0, new PingTask(CROSS_CALLS));
  }

  /** The blocking convenience: submit, then wait for the reply. */
  @Benchmark
  public int outsideRoundTripSync() {
    return runtime.call(0, s -> 1);
  }

  /** The asynchronous API: a CompletableFuture per task, joined by the caller. */
  @Benchmark
  public int outsideRoundTripAsync() {
    return runtime.supply(0, s -> 1).join();
  }

  /** 64 tasks in one hand-off (one push, at most one wake), per task. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object outsideBatched64() throws ExecutionException, InterruptedException {
    List<CompletableFuture<Object>> fs = runtime.submitBatch(0, TaskClass.FOREGROUND, batch);
    return fs.get(BATCH - 1).get();
  }

  /** The hand-off remedy: when the shard sleeps, the caller runs the task itself under the ownership CAS. */
  @Benchmark
  public int outsideCallDirect() {
    return runtime.callDirect(0, ValueTask.of(s -> 1));
  }

  /** Peer: the JDK's single-thread executor, which parks its worker when idle. */
  @Benchmark
  public int executorRoundTrip() throws ExecutionException, InterruptedException {
    return executor.submit(() -> 1).get();
  }

  /** Yields a given number of times, then finishes. Owned by the shard that runs it. */
  static final class YieldingTask extends ValueTask<Integer> {
    private int left;

    YieldingTask(int switches) {
      this.left = switches;
    }

    @Override
    public Status run(Shard shard) {
      return --left > 0 ? Status.YIELD : done(left);
    }
  }

  /** Calls shard 1 {@code calls} times, one at a time. Owned by shard 0. */
  static final class PingTask extends ValueTask<Integer> {
    private int left;
    private int sum;
    private Promise<Integer> reply;

    PingTask(int calls) {
      this.left = calls;
    }

    @Override
    public Status run(Shard shard) {
      while (true) {
        if (reply != null) {
          if (!reply.isDone()) {
            return reply.await(this);
          }
          sum += reply.get();
          reply = null;
          if (--left == 0) {
            return done(sum);
          }
        }
        reply = shard.call(1, ValueTask.of(s -> 1));
      }
    }
  }
}
