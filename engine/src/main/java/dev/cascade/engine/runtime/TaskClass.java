package dev.cascade.engine.runtime;

/**
 * The scheduling class of a task. Each class has its own run queue on a shard: foreground work (reads, writes,
 * queries) runs first, background work (flush, compaction, vlog GC) gets a guaranteed share of the thread and
 * is preempted after {@link RuntimeOptions#backgroundQuotaNanos()} so that it never stalls a get.
 *
 * <p>Immutable.
 */
public enum TaskClass {
  FOREGROUND,
  BACKGROUND
}
