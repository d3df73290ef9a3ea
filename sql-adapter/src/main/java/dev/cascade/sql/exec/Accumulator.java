package dev.cascade.sql.exec;

import java.math.BigDecimal;
import java.util.concurrent.atomic.LongAdder;

/**
 * Folds one aggregate call over the rows the shards accept. COUNTs add into a {@link LongAdder}; SUM, MIN and MAX
 * (over exact numeric columns only, so the order in which shards fold them cannot change the result) update one
 * value under this object's lock.
 *
 * <p>Thread-safe: shard threads fold concurrently; the caller reads {@link #result()} after the scan.
 */
final class Accumulator {
  private final AggregateSpec.Call call;
  private final LongAdder count = new LongAdder();
  private long longSum;
  private BigDecimal decimalSum;
  private Comparable<Object> extreme;
  private boolean seen;

  Accumulator(AggregateSpec.Call call) {
    this.call = call;
  }

  /** Folds one row (Calcite's representation, table column order). */
  void add(Object[] row) {
    if (call.kind() == AggregateSpec.Kind.COUNT_STAR) {
      count.increment();
      return;
    }
    Object v = row[call.column()];
    if (v == null) {
      return;
    }
    if (call.kind() == AggregateSpec.Kind.COUNT) {
      count.increment();
      return;
    }
    fold(v);
  }

  /** Counts one row without looking at it (COUNT(*) only). */
  void addRow() {
    count.increment();
  }

  @SuppressWarnings("unchecked")
  private synchronized void fold(Object v) {
    seen = true;
    switch (call.kind()) {
      case SUM, SUM0 -> {
        if (v instanceof BigDecimal d) {
          decimalSum = decimalSum == null ? d : decimalSum.add(d);
        } else {
          longSum += ((Number) v).longValue();
        }
      }
      case MIN -> extreme = extreme == null || extreme.compareTo(v) > 0 ? (Comparable<Object>) v : extreme;
      case MAX -> extreme = extreme == null || extreme.compareTo(v) < 0 ? (Comparable<Object>) v : extreme;
      default -> throw new IllegalStateException("not folded: " + call.kind());
    }
  }

  synchronized Object result() {
    return switch (call.kind()) {
      case COUNT_STAR, COUNT -> count.sum();
      case MIN, MAX -> extreme;
      case SUM, SUM0 -> !seen ? (call.kind() == AggregateSpec.Kind.SUM0 ? convert(0L, BigDecimal.ZERO) : null)
          : convert(longSum, decimalSum);
    };
  }

  private Object convert(long sum, BigDecimal decimal) {
    Class<?> c = call.resultClass();
    if (c == BigDecimal.class) {
      return decimal != null ? decimal : BigDecimal.valueOf(sum);
    }
    if (c == Integer.class) {
      return (int) sum;
    }
    if (c == Short.class) {
      return (short) sum;
    }
    if (c == Byte.class) {
      return (byte) sum;
    }
    return sum;
  }
}
