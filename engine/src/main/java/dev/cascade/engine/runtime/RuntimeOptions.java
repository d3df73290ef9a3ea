package dev.cascade.engine.runtime;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Options of a {@link ShardRuntime}. Start from {@link #defaults()} and change fields with the {@code with...}
 * methods; every constructor call validates, and an invalid value fails with a message naming the option.
 *
 * @param shardCount shards, each one platform thread; default max(1, available processors - 1), leaving a core
 *     for JDBC, HTTP and callers
 * @param pinThreads pin shard i to CPU (i mod available processors) with sched_setaffinity, where allowed
 * @param backgroundQuotaNanos how long a background task may hold the thread before foreground work runs (the
 *     point at which {@link Shard#shouldYield()} turns true)
 * @param backgroundShare the fraction of a busy shard's time guaranteed to background work while foreground work
 *     is queued too, strictly between 0 and 1
 * @param spinNanos how long an idle shard spins before it sleeps in its reactor (the upper bound of its adaptive
 *     spin); 0 sleeps at once
 * @param inboxCapacity tasks that may wait in one shard's inbox; an outside submitter waits for room, a shard
 *     that sends gets a failure
 * @param backgroundIoBytesPerSecond each shard's background I/O budget ({@link IoBudget}); 0 is unlimited
 * @param reactorFactory opens each shard's reactor on the shard's thread
 * @param errorHook receives failures of NOWAIT sends and spawned tasks, on the thread of the shard that sent
 *     them
 *     <p>Immutable.
 */
public record RuntimeOptions(
    int shardCount,
    boolean pinThreads,
    long backgroundQuotaNanos,
    double backgroundShare,
    long spinNanos,
    int inboxCapacity,
    long backgroundIoBytesPerSecond,
    ReactorFactory reactorFactory,
    BiConsumer<Shard, Throwable> errorHook) {

  public static final int SHARD_COUNT_MAX = 1024;
  public static final long BACKGROUND_QUOTA_NANOS_MIN = 1_000;
  public static final long BACKGROUND_QUOTA_NANOS_MAX = 1_000_000_000;
  public static final long SPIN_NANOS_MAX = 10_000_000;
  public static final int INBOX_CAPACITY_MIN = 16;
  public static final int INBOX_CAPACITY_MAX = 1 << 24;

  /** Logs a failure at WARNING level: the default error hook. Thread-safe. */
  public static final BiConsumer<Shard, Throwable> LOG_ERRORS =
      new BiConsumer<>() {
        private final System.Logger log = System.getLogger(ShardRuntime.class.getName());

        @Override
        public void accept(Shard shard, Throwable failure) {
          log.log(System.Logger.Level.WARNING, "unhandled task failure on shard " + shard.index(), failure);
        }

        @Override
        public String toString() {
          return "log";
        }
      };

  public RuntimeOptions {
    check("shardCount", shardCount, 1, SHARD_COUNT_MAX);
    check("backgroundQuotaNanos", backgroundQuotaNanos, BACKGROUND_QUOTA_NANOS_MIN, BACKGROUND_QUOTA_NANOS_MAX);
    if (!(backgroundShare > 0 && backgroundShare < 1)) {
      throw new IllegalArgumentException(
          "RuntimeOptions.backgroundShare must be > 0 and < 1: " + backgroundShare);
    }
    check("spinNanos", spinNanos, 0, SPIN_NANOS_MAX);
    check("inboxCapacity", inboxCapacity, INBOX_CAPACITY_MIN, INBOX_CAPACITY_MAX);
    check("backgroundIoBytesPerSecond", backgroundIoBytesPerSecond, 0, Long.MAX_VALUE);
    Objects.requireNonNull(reactorFactory, "RuntimeOptions.reactorFactory must not be null");
    Objects.requireNonNull(errorHook, "RuntimeOptions.errorHook must not be null");
  }

  private static void check(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "RuntimeOptions." + name + " must be between " + min + " and " + max + ": " + value);
    }
  }

  public static int defaultShardCount() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  public static RuntimeOptions defaults() {
    return new RuntimeOptions(
        defaultShardCount(), false, 500_000, 0.25, 50_000, 65_536, 0, ParkingReactor.FACTORY, LOG_ERRORS);
  }

  public RuntimeOptions withShardCount(int v) {
    return new RuntimeOptions(v, pinThreads, backgroundQuotaNanos, backgroundShare, spinNanos, inboxCapacity,
        backgroundIoBytesPerSecond, reactorFactory, errorHook);
  }

  public RuntimeOptions withPinThreads(boolean v) {
    return new RuntimeOptions(shardCount, v, backgroundQuotaNanos, backgroundShare, spinNanos, inboxCapacity,
        backgroundIoBytesPerSecond, reactorFactory, errorHook);
  }

  public RuntimeOptions withBackgroundQuotaNanos(long v) {
    return new RuntimeOptions(shardCount, pinThreads, v, backgroundShare, spinNanos, inboxCapacity,
        backgroundIoBytesPerSecond, reactorFactory, errorHook);
  }

  public RuntimeOptions withBackgroundShare(double v) {
    return new RuntimeOptions(shardCount, pinThreads, backgroundQuotaNanos, v, spinNanos, inboxCapacity,
        backgroundIoBytesPerSecond, reactorFactory, errorHook);
  }

  public RuntimeOptions withSpinNanos(long v) {
    return new RuntimeOptions(shardCount, pinThreads, backgroundQuotaNanos, backgroundShare, v, inboxCapacity,
        backgroundIoBytesPerSecond, reactorFactory, errorHook);
  }

  public RuntimeOptions withInboxCapacity(int v) {
    return new RuntimeOptions(shardCount, pinThreads, backgroundQuotaNanos, backgroundShare, spinNanos, v,
        backgroundIoBytesPerSecond, reactorFactory, errorHook);
  }

  public RuntimeOptions withBackgroundIoBytesPerSecond(long v) {
    return new RuntimeOptions(shardCount, pinThreads, backgroundQuotaNanos, backgroundShare, spinNanos,
        inboxCapacity, v, reactorFactory, errorHook);
  }

  public RuntimeOptions withReactorFactory(ReactorFactory v) {
    return new RuntimeOptions(shardCount, pinThreads, backgroundQuotaNanos, backgroundShare, spinNanos,
        inboxCapacity, backgroundIoBytesPerSecond, v, errorHook);
  }

  public RuntimeOptions withErrorHook(BiConsumer<Shard, Throwable> v) {
    return new RuntimeOptions(shardCount, pinThreads, backgroundQuotaNanos, backgroundShare, spinNanos,
        inboxCapacity, backgroundIoBytesPerSecond, reactorFactory, v);
  }

  @Override
  public String toString() {
    return "RuntimeOptions[shardCount=" + shardCount
        + ", pinThreads=" + pinThreads
        + ", backgroundQuotaNanos=" + backgroundQuotaNanos
        + ", backgroundShare=" + backgroundShare
        + ", spinNanos=" + spinNanos
        + ", inboxCapacity=" + inboxCapacity
        + ", backgroundIoBytesPerSecond=" + (backgroundIoBytesPerSecond == 0 ? "unlimited" : backgroundIoBytesPerSecond)
        + ", reactorFactory=" + reactorFactory
        + ", errorHook=" + errorHook
        + "]";
  }
}
