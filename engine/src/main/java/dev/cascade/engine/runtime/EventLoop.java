package dev.cascade.engine.runtime;

/**
 * A single thread that owns promises and resumes the tasks waiting on them: a {@link Shard}, or the private
 * loop of a synchronous facade. Promises call {@link #resume(Task)} when they complete, always on the loop's
 * own thread.
 *
 * <p>Thread ownership: implementations are owned by their thread; only {@link #inLoop()} may be called from
 * any thread.
 */
public interface EventLoop {
  /** Makes a task that waited on a promise of this loop runnable again. Called on the loop's thread. */
  void resume(Task task);

  /** True when the calling thread is the loop's own thread. */
  boolean inLoop();
}
