package dev.cascade.sql.dml;

import dev.cascade.engine.Options;
import dev.cascade.engine.WriteBatch;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;

/**
 * The bound on one statement's write set: it commits as one engine batch, so it must fit
 * {@link Options#batchBytesMax()}, {@link Options#batchEntriesMax()} and one WAL record. Exceeding any gives SQLSTATE
 * 54000 and writes nothing.
 *
 * <p>Immutable.
 */
final class StatementLimits {
  private final TableDef table;
  private final long bytesMax;
  private final int entriesMax;

  StatementLimits(TableDef table, Options options) {
    this.table = table;
    this.bytesMax = options.batchBytesMax();
    this.entriesMax = options.batchEntriesMax();
  }

  void check(WriteBatch batch) {
    if (batch.sizeBytes() > bytesMax) {
      throw tooLarge(table, "its write set exceeds Options.batchBytesMax (" + bytesMax + " bytes)", null);
    }
    if (batch.count() > entriesMax) {
      throw tooLarge(table, "its write set exceeds Options.batchEntriesMax (" + entriesMax + " entries)", null);
    }
  }

  static SqlStateException tooLarge(TableDef table, String why, Throwable cause) {
    return new SqlStateException("54000", "statement on table " + table.name() + " is too large to commit as one "
        + "atomic batch: " + why + "; nothing was written (split it into smaller statements)", cause);
  }
}
