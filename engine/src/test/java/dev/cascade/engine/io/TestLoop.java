package dev.cascade.engine.io;

import dev.cascade.engine.runtime.EventLoop;
import dev.cascade.engine.runtime.Task;

/**
 * The smallest {@link EventLoop} for driving an {@link IoQueue} by hand in tests: it belongs to the thread that
 * created it and runs no tasks (tests use promise listeners).
 *
 * <p>Thread ownership: immutable.
 */
public final class TestLoop implements EventLoop {
  private final Thread thread = Thread.currentThread();

  @Override
  public void resume(Task task) {
    throw new UnsupportedOperationException("TestLoop runs no tasks");
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }
}
