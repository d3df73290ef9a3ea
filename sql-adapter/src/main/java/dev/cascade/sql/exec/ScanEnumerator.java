package dev.cascade.sql.exec;

import dev.cascade.engine.CascadeException;
import dev.cascade.engine.Snapshot;
import org.apache.calcite.linq4j.Enumerator;

/**
 * Pulls rows of one scan from its {@link RowSource} on the caller's thread, skips the OFFSET (applied after the
 * shards' streams are merged), stops at the FETCH, and projects the requested columns. Closing it closes the engine
 * iterators and releases the snapshot the scan took for itself.
 *
 * <p>Owned by the statement's result set (one thread at a time).
 */
final class ScanEnumerator implements Enumerator<Object[]> {
  private final String table;
  private final RowSource source;
  private final Snapshot ownedSnapshot;
  private final int[] projection;
  private final long offset;
  private final long fetch;
  private final StatementGuard guard;
  private long skipped;
  private long returned;
  private Object[] current;
  private boolean closed;

  ScanEnumerator(String table, RowSource source, Snapshot ownedSnapshot, int[] projection, long offset, long fetch,
      StatementGuard guard) {
    this.table = table;
    this.guard = guard;
    this.source = source;
    this.ownedSnapshot = ownedSnapshot;
    this.projection = projection;
    this.offset = offset;
    this.fetch = fetch;
  }

  @Override
  public Object[] current() {
    return current;
  }

  @Override
  public boolean moveNext() {
    if (closed || returned >= fetch) {
      return false;
    }
    try {
      while (true) {
        guard.check();
        Object[] row = source.next();
        if (row == null) {
          return false;
        }
        if (skipped < offset) {
          skipped++;
          continue;
        }
        current = project(row);
        returned++;
        return true;
      }
    } catch (CascadeException e) {
      throw ScanErrors.translate(e, table);
    }
  }

  private Object[] project(Object[] row) {
    Object[] out = new Object[projection.length];
    for (int i = 0; i < projection.length; i++) {
      out[i] = row[projection[i]];
    }
    return out;
  }

  @Override
  public void reset() {
    throw new UnsupportedOperationException("a Cascade scan cannot be reset; enumerate it again");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      source.close();
    } finally {
      if (ownedSnapshot != null) {
        ownedSnapshot.close();
      }
    }
  }
}
