package dev.cascade.engine.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A shard's multi-producer, single-consumer mailbox: Dmitry Vyukov's intrusive MPSC linked queue, with a
 * bounded, closeable reservation counter in front of it. No locks.
 *
 * <p>A push first reserves capacity units with a CAS on {@code reserved} (which fails when the inbox is closed
 * or, unless forced, full), then swings {@code tail} with one atomic exchange and links the previous tail to the
 * new node. The consumer pops from {@code head} and releases units after a drain. Between a producer's
 * exchange and its link the queue looks empty to the consumer from the head, so emptiness for the wake
 * protocol is judged by {@code reserved}, which a producer raises before it pushes: a shard that sees zero
 * reserved units after announcing that it sleeps knows that every later push will see the announcement.
 *
 * <p>Closing sets a bit in {@code reserved}: no reservation succeeds afterwards, and the consumer drains until
 * the reserved count is zero, which also catches pushes that reserved before the close and link after it.
 *
 * <p>Thread ownership: {@link #push} and {@link #reservedUnits()} are thread-safe; {@link #poll()},
 * {@link #release(long)} and {@link #close()} belong to the owning shard.
 */
final class Inbox {
  /** Result of {@link #push}. */
  static final int PUSHED = 0;

  static final int FULL = 1;
  static final int CLOSED = 2;

  private static final long CLOSED_BIT = 1L << 62;
  private static final VarHandle TAIL;
  private static final VarHandle RESERVED;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      TAIL = l.findVarHandle(Inbox.class, "tail", Message.class);
      RESERVED = l.findVarHandle(Inbox.class, "reserved", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long capacity;
  private final Message stub = new Message.Stub();

  @SuppressWarnings("unused") // accessed through TAIL
  private volatile Message tail = stub;

  @SuppressWarnings("unused") // accessed through RESERVED
  private volatile long reserved;

  private Message head = stub;

  Inbox(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Reserves {@code units} and pushes {@code m}. A forced push (a reply to a call that is already in flight)
   * ignores the capacity, so a result is never refused for want of room; only a closed inbox refuses it.
   *
   * @return {@link #PUSHED}, {@link #FULL} or {@link #CLOSED}
   */
  int push(Message m, int units, boolean force) {
    long r;
    do {
      r = (long) RESERVED.getVolatile(this);
      if ((r & CLOSED_BIT) != 0) {
        return CLOSED;
      }
      if (!force && r + units > capacity) {
        return FULL;
      }
    } while (!RESERVED.compareAndSet(this, r, r + units));
    m.units = units;
    link(m);
    return PUSHED;
  }

  private void link(Message m) {
    m.next = null;
    Message prev = (Message) TAIL.getAndSet(this, m);
    prev.next = m;
  }

  /**
   * The next message, or null when the queue is empty or a producer is between its exchange and its link (the
   * caller tries again later: {@link #reservedUnits()} stays above zero until the message is released).
   */
  Message poll() {
    Message h = head;
    Message next = h.next;
    if (h == stub) {
      if (next == null) {
        return null;
      }
      head = next;
      h = next;
      next = next.next;
    }
    if (next != null) {
      head = next;
      return unlinked(h);
    }
    if (h != (Message) TAIL.getVolatile(this)) {
      return null;
    }
    // h is the last node: put the stub behind it so that h can be handed out without losing the tail.
    link(stub);
    next = h.next;
    if (next != null) {
      head = next;
      return unlinked(h);
    }
    return null;
  }

  /**
   * Clears the link of a message being handed out, so that a message kept alive after it left the inbox (a
   * job waiting on a long fsync) does not keep every later message reachable. No producer writes {@code h.next}
   * any more: {@code h} has a successor, so it is no longer the tail.
   */
  private static Message unlinked(Message h) {
    h.next = null;
    return h;
  }

  /** Gives back the units of messages the consumer has taken. */
  void release(long units) {
    if (units != 0) {
      RESERVED.getAndAdd(this, -units);
    }
  }

  /** Units reserved and not yet released, including pushes in progress. Zero means nothing is coming. */
  long reservedUnits() {
    return (long) RESERVED.getVolatile(this) & ~CLOSED_BIT;
  }

  /** Refuses every later push. Idempotent. */
  void close() {
    RESERVED.getAndBitwiseOr(this, CLOSED_BIT);
  }

  boolean isClosed() {
    return ((long) RESERVED.getVolatile(this) & CLOSED_BIT) != 0;
  }

  long capacity() {
    return capacity;
  }
}
