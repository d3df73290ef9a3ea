package dev.cascade.engine.io;

/**
 * Counters of one {@link IoQueue}, read on its owner thread.
 *
 * @param submitted operations handed to the kernel (or performed, for synchronous engines)
 * @param completed operations whose completion was processed
 * @param enterCalls system calls that submitted or waited ({@code io_uring_enter}); 0 for FileChannel
 * @param sleeps times the owner slept waiting for a completion or a wake-up
 */
public record IoQueueStats(long submitted, long completed, long enterCalls, long sleeps) {}
