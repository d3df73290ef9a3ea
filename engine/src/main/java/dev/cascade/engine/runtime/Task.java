package dev.cascade.engine.runtime;

/**
 * A unit of cooperative work on a shard: Cascade's coroutine. The shard calls {@link #run(Shard)} on its own
 * thread; the task does a bounded amount of work and says what happens next:
 *
 * <ul>
 *   <li>{@link Status#DONE}: finished; the shard forgets it (and completes its future, if it was submitted
 *       with one).
 *   <li>{@link Status#YIELD}: more to do; the shard puts it at the back of its class's run queue so that other
 *       tasks (and, for background tasks, foreground ones) get the thread first.
 *   <li>{@link Status#WAIT}: the task has registered itself on a {@link Promise} with
 *       {@link Promise#await(Task)} and returns; the shard runs it again when that promise completes.
 * </ul>
 *
 * <p>A task keeps its own state in fields between calls (it is a hand-written state machine), never blocks
 * the thread and never takes a lock. An exception thrown from {@code run} ends the task: its future completes
 * exceptionally, and the shard goes on with other work.
 *
 * <p>Thread ownership: a task is run by one shard at a time; it may be handed to another shard only by
 * submission, which publishes it safely.
 */
@FunctionalInterface
public interface Task {
  /** What the shard does with a task after {@link #run(Shard)} returns. */
  enum Status {
    DONE,
    YIELD,
    WAIT
  }

  Status run(Shard shard);
}
