package dev.cascade.engine.runtime;

import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link Task} that produces a value: it finishes by returning {@link #done(Object)}, and the shard hands the
 * value to whoever submitted it (a {@code CompletableFuture} for outside callers, a {@link Promise} for
 * {@link Shard#fork} and {@link Shard#call}).
 *
 * <p>Thread ownership: like any task, run by one shard at a time; the value is read by the shard that ran it,
 * right after the task returned {@code DONE}.
 *
 * @param <T> the type of the value
 */
public abstract class ValueTask<T> implements Task {
  private T value;

  /** Records {@code value} as this task's result; return what it returns from {@link #run(Shard)}. */
  protected final Status done(T value) {
    this.value = value;
    return Status.DONE;
  }

  /** The value given to {@link #done(Object)}, cleared so that a finished task does not pin it. */
  final T takeValue() {
    T v = value;
    value = null;
    return v;
  }

  /** A one-shot task that applies {@code body} to the shard that runs it and finishes with the result. */
  public static <T> ValueTask<T> of(Function<? super Shard, ? extends T> body) {
    Objects.requireNonNull(body, "body");
    return new ValueTask<>() {
      @Override
      public Status run(Shard shard) {
        return done(body.apply(shard));
      }

      @Override
      public String toString() {
        return "ValueTask.of(" + body + ")";
      }
    };
  }
}
