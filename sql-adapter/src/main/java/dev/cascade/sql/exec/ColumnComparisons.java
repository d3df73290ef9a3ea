package dev.cascade.sql.exec;

import dev.cascade.engine.table.IntegerColumnProbe;
import dev.cascade.engine.table.TableCodec;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * The terms of a pushed-down WHERE clause's top-level AND that compare an integer column outside the primary key
 * with a constant ({@code k = 5}, {@code ? < k}): the shards evaluate them on the encoded row value
 * ({@link IntegerColumnProbe}) before decoding anything, so a row one of them rejects costs a few byte reads.
 * A row passes them only when every one is TRUE (a NULL column makes its term UNKNOWN), as the AND requires.
 *
 * <p>Immutable and thread-safe.
 */
public final class ColumnComparisons {
  /** A comparison operator, as the column compares with the constant. */
  public enum Op {
    EQ, NE, LT, LE, GT, GE;

    /** Whether the operator holds for a comparison result {@code c} (negative, zero, positive). */
    boolean holds(int c) {
      return switch (this) {
        case EQ -> c == 0;
        case NE -> c != 0;
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
      };
    }

    /** The operator with its operands swapped ({@code 5 < k} is {@code k > 5}). */
    public Op flip() {
      return switch (this) {
        case EQ, NE -> this;
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
      };
    }
  }

  /**
   * {@code column op constant}: the constant is {@code literal}, or when that is null the value of {@code ?}
   * parameter {@code parameter}, of an integer type {@code parameterBytes} wide (1, 2, 4 or 8).
   */
  public record Term(int column, Op op, Long literal, int parameter, int parameterBytes) {
    @Override
    public String toString() {
      return "$" + column + " " + op + " " + (literal != null ? literal.toString() : "?" + parameter);
    }
  }

  private final List<Term> terms;

  public ColumnComparisons(List<Term> terms) {
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("no terms");
    }
    this.terms = List.copyOf(terms);
  }

  public List<Term> terms() {
    return terms;
  }

  /**
   * The terms for one execution, with their parameters read from {@code root}; null when a parameter holds
   * something other than an integer (a BigDecimal, a string): then the terms cannot be evaluated in place and the
   * caller runs the whole predicate instead. A NULL parameter makes its term UNKNOWN for every row.
   */
  Bound bind(TableCodec codec, DataContext root) {
    int n = terms.size();
    IntegerColumnProbe[] probes = new IntegerColumnProbe[n];
    long[] constants = new long[n];
    Op[] ops = new Op[n];
    boolean never = false;
    for (int i = 0; i < n; i++) {
      Term t = terms.get(i);
      probes[i] = codec.integerProbe(t.column());
      if (probes[i] == null) {
        throw new IllegalStateException("column " + t.column() + " cannot be compared in place: " + t);
      }
      ops[i] = t.op();
      if (t.literal() != null) {
        constants[i] = t.literal();
      } else {
        Object v = root.get("?" + t.parameter());
        if (v == null) {
          never = true;
        } else if ((v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
            && fits(((Number) v).longValue(), t.parameterBytes())) {
          constants[i] = ((Number) v).longValue();
        } else {
          // Not an integer, or one wider than the parameter's type, which Calcite's code would narrow: run the
          // whole predicate as Calcite compiled it.
          return null;
        }
      }
    }
    return new Bound(probes, constants, ops, never);
  }

  @Override
  public String toString() {
    return terms.toString();
  }

  /** Whether {@code v} is a value of a signed integer type {@code bytes} wide. */
  private static boolean fits(long v, int bytes) {
    return bytes >= 8 || v >> (bytes * 8 - 1) == 0 || v >> (bytes * 8 - 1) == -1;
  }

  /**
   * The terms bound to one execution's constants.
   *
   * <p>Immutable and thread-safe.
   */
  static final class Bound {
    private final IntegerColumnProbe[] probes;
    private final long[] constants;
    private final Op[] ops;
    /** A term compares with NULL: no row passes. */
    private final boolean never;

    private Bound(IntegerColumnProbe[] probes, long[] constants, Op[] ops, boolean never) {
      this.probes = probes;
      this.constants = constants;
      this.ops = ops;
      this.never = never;
    }

    @Override
    public String toString() {
      return never ? "[never]" : java.util.Arrays.toString(ops) + " " + java.util.Arrays.toString(constants);
    }

    /** Whether every term is TRUE for the row whose value is {@code value}. */
    boolean test(MemorySegment value) {
      if (never) {
        return false;
      }
      for (int i = 0; i < probes.length; i++) {
        int c = probes[i].compare(value, constants[i]);
        if (c == IntegerColumnProbe.NULL || !ops[i].holds(c)) {
          return false;
        }
      }
      return true;
    }

    /** {@link #test(MemorySegment)} of a value in {@code array} from {@code offset}, {@code length} bytes. */
    boolean test(byte[] array, int offset, int length) {
      if (never) {
        return false;
      }
      for (int i = 0; i < probes.length; i++) {
        int c = probes[i].compare(array, offset, length, constants[i]);
        if (c == IntegerColumnProbe.NULL || !ops[i].holds(c)) {
          return false;
        }
      }
      return true;
    }
  }
}
