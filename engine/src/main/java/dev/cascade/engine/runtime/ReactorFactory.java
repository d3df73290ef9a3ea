package dev.cascade.engine.runtime;

/**
 * Creates one shard's {@link Reactor}. Called on the shard's own thread as it starts (an io_uring ring must be
 * created by the thread that will submit to it).
 *
 * <p>Implementations are thread-safe.
 */
@FunctionalInterface
public interface ReactorFactory {
  Reactor open(EventLoop loop, int shardIndex);
}
