package dev.cascade.engine.io.uring;

import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Promise;
import dev.cascade.engine.runtime.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a shard in tests: the creating (test) thread is the loop, resumed tasks are only recorded,
 * and {@link #await} drives a queue with {@code poll}/{@code sleep} until a promise is done.
 *
 * <p>Thread ownership: owned by the thread that created it.
 */
final class TestLoop implements EventLoop {
  private static final long SLEEP_SLICE_NANOS = 10_000_000L;

  private final Thread thread = Thread.currentThread();
  final List<Task> resumed = new ArrayList<>();

  @Override
  public void resume(Task task) {
    resumed.add(task);
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Polls and sleeps until {@code p} is done; the caller's JUnit timeout bounds a hang. */
  static <T> Promise<T> await(IoQueue queue, Promise<T> p) {
    while (!p.isDone()) {
      if (queue.poll() == 0 && !p.isDone()) {
        queue.sleep(SLEEP_SLICE_NANOS);
      }
    }
    return p;
  }

  /** {@link #await} then the byte count, rethrowing a failure. */
  static long bytes(IoQueue queue, Promise<Void> p) {
    return await(queue, p).getLong();
  }
}
