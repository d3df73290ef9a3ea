package dev.cascade.engine.runtime;

/**
 * A snapshot of one shard's counters, for tests and benchmarks. Counts since the shard started.
 *
 * @param shard the shard's index
 * @param tasksRun calls of {@link Task#run(Shard)}
 * @param yields runs that returned {@code YIELD}
 * @param waits runs that returned {@code WAIT}
 * @param backgroundRuns runs of background tasks (included in {@code tasksRun})
 * @param messages inbox messages received (a batch counts once)
 * @param sleeps times the shard went to sleep in its reactor
 * @param wakeups sleeps ended by another thread's {@link Reactor#wake()} (a pusher saw the shard asleep)
 * @param borrowedRuns tasks run by an outside thread on the idle shard ({@link ShardRuntime#callDirect})
 *     <p>Immutable.
 */
public record ShardStats(
    int shard,
    long tasksRun,
    long yields,
    long waits,
    long backgroundRuns,
    long messages,
    long sleeps,
    long wakeups,
    long borrowedRuns) {}
