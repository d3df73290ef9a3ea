package dev.cascade.engine.runtime;

import java.util.ArrayDeque;

/**
 * A shard's two run queues and the policy that picks between them. Each queue is FIFO. When only one class has
 * work, it runs (the thread never idles while work is queued). When both have work, background work is owed a
 * share of the time: every nanosecond foreground runs while background waits earns background
 * {@code share / (1 - share)} nanoseconds of credit, every nanosecond background runs while foreground waits
 * spends one, and background runs whenever its credit is positive. Credit is capped at one quota, so
 * background never takes the thread for much longer than a quota at a time, and a background task that keeps
 * yielding is preempted as soon as its slice has spent the credit. Over a busy period background gets at least
 * its share and foreground the rest.
 *
 * <p>Thread ownership: owned by its shard.
 */
final class RunQueues {
  /** Debt is bounded so that one runaway background task cannot lock background out for long. */
  private static final long DEBT_QUOTAS_MAX = 16;

  private final ArrayDeque<Job> foreground = new ArrayDeque<>();
  private final ArrayDeque<Job> background = new ArrayDeque<>();
  private final double creditPerForegroundNano;
  private final long creditMax;
  private final long debtMax;
  private long credit;

  RunQueues(long quotaNanos, double backgroundShare) {
    this.creditPerForegroundNano = backgroundShare / (1 - backgroundShare);
    this.creditMax = quotaNanos;
    this.debtMax = quotaNanos * DEBT_QUOTAS_MAX;
  }

  void add(Job job) {
    (job.taskClass == TaskClass.FOREGROUND ? foreground : background).add(job);
  }

  /** The next job to run, removed from its queue, or null when both are empty. */
  Job next() {
    if (!background.isEmpty() && (foreground.isEmpty() || credit > 0)) {
      return background.poll();
    }
    return foreground.poll();
  }

  /**
   * Accounts a run of {@code nanos} of class {@code ran}. Called after the job ran and was requeued if it
   * yielded, so "the other class is waiting" is judged with the job back in its queue.
   */
  void account(TaskClass ran, long nanos) {
    if (ran == TaskClass.FOREGROUND) {
      if (!background.isEmpty()) {
        credit = Math.min(creditMax, credit + (long) (nanos * creditPerForegroundNano) + 1);
      }
    } else if (!foreground.isEmpty()) {
      credit = Math.max(-debtMax, credit - nanos);
    }
  }

  boolean isEmpty() {
    return foreground.isEmpty() && background.isEmpty();
  }

  int size() {
    return foreground.size() + background.size();
  }

  /** Removes and returns any job, foreground first; null when empty. Used to cancel work at shutdown. */
  Job drainOne() {
    Job j = foreground.poll();
    return j != null ? j : background.poll();
  }

  long credit() {
    return credit;
  }
}
