package dev.cascade.sql.dml;

import dev.cascade.engine.CascadeDb;
import dev.cascade.engine.Snapshot;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlStore;
import dev.cascade.sql.exec.StatementSnapshot;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

/**
 * Runs one DML statement: under the store's write lock, binds one engine snapshot for all of the statement's reads
 * (its input scans and its key checks), consumes the whole input before writing anything (no Halloween problem),
 * checks the constraints, and commits one {@link WriteBatch}, which is atomic across shards. On any error nothing
 * is written.
 *
 * <p>Stateless; each call is owned by the calling thread.
 */
public final class StatementWriter {
  private StatementWriter() {
  }

  /**
   * Called by the generated code of {@link CascadeTableModify}. {@code scalarRows}: the input rows are bare values
   * (a one-column input), not {@code Object[]}. Returns the affected row count as a one-row enumerable.
   */
  public static Enumerable<Long> execute(ModifyPlan plan, Enumerable<?> input, boolean scalarRows) {
    StatementBatch batch = StatementBatch.current();
    if (batch != null && StatementBatch.joins(plan)) {
      return Linq4j.singletonEnumerable(batch.add(plan, input, scalarRows));
    }
    SqlStore store = plan.store();
    ReentrantLock lock = store.writeLock();
    lock.lock();
    try (Snapshot snapshot = store.db().snapshot()) {
      AutoCloseable binding = StatementSnapshot.bind(snapshot);
      try {
        return Linq4j.singletonEnumerable(run(plan, input, scalarRows, snapshot));
      } finally {
        unbind(binding);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called by the generated code of a write that cannot run as planned: fails with 0A000 and {@code why}. */
  public static Enumerable<Long> refuse(String why) {
    throw new SqlStateException("0A000", why);
  }

  private static long run(ModifyPlan plan, Enumerable<?> input, boolean scalarRows, Snapshot snapshot) {
    SqlStore store = plan.store();
    CascadeDb db = store.db();
    TableDef table = plan.currentTable();
    ChangeReader reader = new ChangeReader(table, store.catalog(), plan.kind(), plan.updateColumns());
    WriteSet writes = new WriteSet(table, db, snapshot, plan.kind() == WriteKind.UPSERT);
    consume(input, scalarRows, reader, writes, table);
    writes.check();
    WriteBatch batch = writes.stage();
    commit(db, table, batch);
    if (writes.rowCountDelta() != 0) {
      store.catalog().adjustRowCount(table.name(), writes.rowCountDelta());
    }
    return writes.affectedRows();
  }

  /** Reads every input row before anything is checked or written. */
  static void consume(Enumerable<?> input, boolean scalarRows, ChangeReader reader, WriteSet writes,
      TableDef table) {
    try (Enumerator<?> rows = input.enumerator()) {
      while (rows.moveNext()) {
        Object current = rows.current();
        RowChange change = reader.read(scalarRows ? new Object[] {current} : (Object[]) current);
        if (change != null) {
          writes.add(change);
        }
      }
    } catch (ArithmeticException e) {
      // Calcite's CAST to a narrower numeric column type throws "Value 1000 out of range".
      if (e.getMessage() != null && e.getMessage().contains("out of range")) {
        throw new SqlStateException("22003", "value out of range for a column of table " + table.name() + ": "
            + e.getMessage(), e);
      }
      throw e;
    }
  }

  static void commit(CascadeDb db, TableDef table, WriteBatch batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      db.write(batch);
    } catch (IllegalArgumentException e) {
      // The engine checks a batch's bounds (bytes, entries, one WAL record) before writing any of it.
      throw StatementLimits.tooLarge(table, e.getMessage(), e);
    }
  }

  private static void unbind(AutoCloseable binding) {
    try {
      binding.close();
    } catch (Exception e) {
      throw new SqlStateException("XX000", "could not release the statement snapshot: " + e.getMessage(), e);
    }
  }
}
