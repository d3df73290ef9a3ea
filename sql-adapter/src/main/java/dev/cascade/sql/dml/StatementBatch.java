package dev.cascade.sql.dml;

import dev.cascade.engine.Snapshot;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlStore;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.calcite.linq4j.Enumerable;

/**
 * One {@code PreparedStatement.executeBatch} of an INSERT or UPSERT whose rows are its parameters (no table is
 * read): every element's rows go into one {@link WriteSet}, which is checked and committed as one atomic
 * {@link WriteBatch} when the batch ends, with one multiGet per 1,024 keys for the key checks instead of a
 * statement, a snapshot and a WAL write per element. A failing element fails the batch and nothing is written.
 * Other statements (UPDATE, DELETE, MERGE, an INSERT from a query) run element by element, each its own
 * statement, as {@link StatementWriter} runs them.
 *
 * <p>Owned by the thread running {@code executeBatch} (it is that thread's {@link #current()}); holds the store's
 * write lock from the first element it takes until {@link #close()}.
 */
public final class StatementBatch implements AutoCloseable {
  private static final ThreadLocal<StatementBatch> CURRENT = new ThreadLocal<>();

  private ModifyPlan plan;
  private TableDef table;
  private ChangeReader reader;
  private WriteSet writes;
  private Snapshot snapshot;
  private ReentrantLock lock;
  /** Elements the batch was opened for: each usually writes one row. */
  private final int elements;

  private StatementBatch(int elements) {
    this.elements = elements;
  }

  /** Starts a batch of about {@code elements} elements (0: unknown) on this thread; {@link #close()} ends it. */
  public static StatementBatch open(int elements) {
    if (CURRENT.get() != null) {
      throw new IllegalStateException("a statement batch is already running on this thread");
    }
    StatementBatch batch = new StatementBatch(elements);
    CURRENT.set(batch);
    return batch;
  }

  /** This thread's running batch, or null. */
  static StatementBatch current() {
    return CURRENT.get();
  }

  /** Adds one element's rows; returns its affected-row count. */
  long add(ModifyPlan elementPlan, Enumerable<?> input, boolean scalarRows) {
    if (plan == null) {
      start(elementPlan);
    } else if (elementPlan.store() != plan.store() || elementPlan.planned().tableId() != plan.planned().tableId()) {
      throw new IllegalStateException("one batch writes one table of one store");
    }
    long before = writes.affectedRows();
    StatementWriter.consume(input, scalarRows, reader, writes, table);
    return writes.affectedRows() - before;
  }

  private void start(ModifyPlan first) {
    SqlStore store = first.store();
    lock = store.writeLock();
    lock.lock();
    plan = first;
    table = first.currentTable();
    snapshot = store.db().snapshot();
    reader = new ChangeReader(table, store.catalog(), first.kind(), first.updateColumns());
    writes = new WriteSet(table, store.db(), snapshot, first.kind() == WriteKind.UPSERT, elements);
  }

  /** Checks and commits every element's rows as one atomic batch (nothing to do if no element was taken). */
  public void commit() {
    if (plan == null) {
      return;
    }
    writes.check();
    WriteBatch batch = writes.stage();
    SqlStore store = plan.store();
    StatementWriter.commit(store.db(), table, batch);
    if (writes.rowCountDelta() != 0) {
      store.catalog().adjustRowCount(table.name(), writes.rowCountDelta());
    }
  }

  /** Ends the batch; whatever was not committed is dropped. */
  @Override
  public void close() {
    CURRENT.remove();
    try {
      if (snapshot != null) {
        snapshot.close();
      }
    } finally {
      if (lock != null) {
        lock.unlock();
      }
    }
  }

  /** Whether an element of {@code plan} joins the running batch rather than running as its own statement. */
  static boolean joins(ModifyPlan plan) {
    return plan.rowsFromParametersOnly() && (plan.kind() == WriteKind.INSERT || plan.kind() == WriteKind.UPSERT);
  }

  /**
   * A batch's failure, said with {@code where} it happened and what was written, keeping the SQLSTATE; {@code e}
   * itself when it carries none (the driver maps it as it maps any statement's failure).
   */
  public RuntimeException failed(String where, RuntimeException e) {
    String written = plan != null ? "nothing of the batch was written"
        : "each element before it was committed as its own statement";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SqlStateException s) {
        return new SqlStateException(s.sqlState(), where + ": " + s.getMessage() + " (" + written + ")", e);
      }
    }
    return e;
  }
}
