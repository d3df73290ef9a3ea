package dev.cascade.engine.runtime;

/**
 * An {@link EventLoop} that is simply the thread that created it and runs no tasks: the owner of the promises
 * of a queue that a tool, a test or a benchmark thread drives itself (see
 * {@code IoQueue.await(Promise)}). Shards are event loops of their own and never use it.
 *
 * <p>Immutable; {@link #inLoop()} is thread-safe.
 */
public final class ThreadLoop implements EventLoop {
  private final Thread thread = Thread.currentThread();

  @Override
  public void resume(Task task) {
    throw new UnsupportedOperationException("a ThreadLoop runs no tasks; " + task + " waited on one of its promises");
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public String toString() {
    return "ThreadLoop[" + thread.getName() + "]";
  }
}
