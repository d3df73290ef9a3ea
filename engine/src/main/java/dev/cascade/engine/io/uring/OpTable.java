package dev.cascade.engine.io.uring;

/**
 * The pool of {@link UringOp} slots of one queue, indexed by the user_data of their SQEs. It starts with
 * {@code initialSlots} and doubles when all are busy, up to {@link #SLOTS_MAX}, so that a warm queue allocates
 * nothing per operation.
 *
 * <p>Thread ownership: owned by its queue's thread.
 */
final class OpTable {
  /** Most operations one queue may have outstanding (issued or waiting to be issued). */
  static final int SLOTS_MAX = 1 << 16;

  private UringOp[] slots;
  private UringOp free;
  private int used;

  OpTable(int initialSlots) {
    if (initialSlots < 1 || initialSlots > SLOTS_MAX) {
      throw new IllegalArgumentException("initial slots must be in [1, " + SLOTS_MAX + "]: " + initialSlots);
    }
    slots = new UringOp[0];
    grow(initialSlots);
  }

  /** A free slot, cleared. Throws when {@link #SLOTS_MAX} operations are already outstanding. */
  UringOp take() {
    if (free == null) {
      if (slots.length >= SLOTS_MAX) {
        throw new IllegalStateException("too many I/O operations outstanding on one queue: " + SLOTS_MAX
            + " (OpTable.SLOTS_MAX); wait for completions before starting more");
      }
      grow(Math.min(SLOTS_MAX, slots.length * 2));
    }
    UringOp op = free;
    free = op.next;
    op.next = null;
    used++;
    return op;
  }

  /** Returns a finished op's slot. */
  void put(UringOp op) {
    op.clear();
    op.next = free;
    free = op;
    used--;
  }

  /** The slot with this index, which must be in use. */
  UringOp get(int index) {
    if (index < 0 || index >= slots.length || slots[index].kind == 0) {
      throw new IllegalStateException("completion for an unknown operation slot " + index);
    }
    return slots[index];
  }

  /** Slots in use. */
  int used() {
    return used;
  }

  /** Every slot (free ones have kind 0), for draining on close. */
  UringOp[] slots() {
    return slots;
  }

  private void grow(int size) {
    UringOp[] bigger = java.util.Arrays.copyOf(slots, size);
    for (int i = size - 1; i >= slots.length; i--) {
      UringOp op = new UringOp(i);
      op.next = free;
      free = op;
      bigger[i] = op;
    }
    slots = bigger;
  }
}
