package dev.cascade.engine.runtime;

/**
 * A task as a shard schedules it: the task, its class, and where its outcome goes. The same object is the inbox
 * message that carries a submission and the run-queue entry, so a submission allocates once.
 *
 * <p>Where the outcome goes ({@code sink}, {@code origin}):
 *
 * <ul>
 *   <li>a {@code CompletableFuture}: an outside submission; completed on the shard's thread;
 *   <li>a {@link Promise} with {@code origin} the running shard: a {@link Shard#fork}; completed in place;
 *   <li>a {@link Promise} with another {@code origin}: a cross-shard {@link Shard#call}; the outcome is posted
 *       back to the origin's inbox and completes the promise there;
 *   <li>null: a spawn or NOWAIT send; a failure goes to {@code origin}'s error hook (the running shard's when
 *       {@code origin} is null or itself).
 * </ul>
 *
 * <p>Thread ownership: owned by the shard that runs it (after the inbox hand-off).
 */
final class Job extends Message {
  final Task task;
  final TaskClass taskClass;
  final Object sink;
  final Shard origin;

  Job(Task task, TaskClass taskClass, Object sink, Shard origin) {
    this.task = task;
    this.taskClass = taskClass;
    this.sink = sink;
    this.origin = origin;
  }

  @Override
  public String toString() {
    return "Job[" + taskClass + " " + task + "]";
  }
}
