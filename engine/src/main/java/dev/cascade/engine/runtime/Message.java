package dev.cascade.engine.runtime;

/**
 * A node of a shard's {@link Inbox}: the queue is intrusive, so a message is its own link and a submission
 * costs one allocation. Three kinds travel between threads: a {@link Job} (one task), a {@link Batch} (many
 * tasks in one hand-off) and a {@link Reply} (the result of a cross-shard call, or a NOWAIT failure, on its way
 * back to the sender).
 *
 * <p>Thread ownership: built by the sender, published by the inbox push, then owned by the receiving shard.
 */
abstract sealed class Message permits Job, Message.Batch, Message.Reply, Message.Stub {
  /** The next message in the inbox; written by the pusher of the next message, read by the consumer. */
  volatile Message next;

  /** Inbox capacity units this message holds (tasks it carries; replies count one). */
  int units;

  /** Many jobs pushed with one inbox push and at most one wake-up. */
  static final class Batch extends Message {
    final Job[] jobs;

    Batch(Job[] jobs) {
      this.jobs = jobs;
    }
  }

  /**
   * The outcome of a task run for another shard, travelling back to that shard: completes {@code promise}
   * there, or, when {@code promise} is null (a NOWAIT send), hands {@code failure} to its error hook.
   */
  static final class Reply extends Message {
    final Promise<Object> promise;
    final Object value;
    final Throwable failure;

    Reply(Promise<Object> promise, Object value, Throwable failure) {
      this.promise = promise;
      this.value = value;
      this.failure = failure;
    }
  }

  /** The inbox's permanent placeholder node. */
  static final class Stub extends Message {}
}
