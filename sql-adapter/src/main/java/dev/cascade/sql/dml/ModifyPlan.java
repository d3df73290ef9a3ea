package dev.cascade.sql.dml;

import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.SqlStateException;
import dev.cascade.sql.SqlStore;
import java.util.List;

/**
 * What the generated code of a {@link CascadeTableModify} hands to {@link StatementWriter}: the store, the table
 * as planned, the kind of write and, for UPDATE and MERGE, the positions of the updated columns.
 *
 * <p>Immutable.
 *
 * @param store the store of the table
 * @param planned the table definition the statement was planned against (its input rows have these columns)
 * @param kind what the statement does
 * @param updateColumns positions in {@code planned.columns()} of the SET columns, in SET order (empty otherwise)
 * @param rowsFromParametersOnly the input reads no table (VALUES of literals and {@code ?} parameters), so the
 *     rows of a batch's elements do not depend on each other's writes ({@link StatementBatch})
 */
public record ModifyPlan(SqlStore store, TableDef planned, WriteKind kind, int[] updateColumns,
    boolean rowsFromParametersOnly) {

  /** Builds the plan for {@code updateColumnNames} (null or empty when the statement sets no columns). */
  public static ModifyPlan of(SqlStore store, TableDef planned, WriteKind kind, List<String> updateColumnNames,
      boolean rowsFromParametersOnly) {
    List<String> names = updateColumnNames == null ? List.of() : updateColumnNames;
    int[] positions = new int[names.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = planned.columnIndex(names.get(i));
      if (positions[i] < 0) {
        throw new SqlStateException("42S22", "column " + names.get(i) + " not found in table " + planned.name());
      }
    }
    return new ModifyPlan(store, planned, kind, positions, rowsFromParametersOnly);
  }

  /**
   * The table as the catalog has it now. A statement prepared before an index was created still maintains that
   * index; one prepared before the table was dropped, re-created or given new columns must be prepared again.
   */
  public TableDef currentTable() {
    TableDef now = store.catalog().table(planned.name());
    if (now == null) {
      throw new SqlStateException("42S02", "table " + planned.name() + " no longer exists");
    }
    if (now.tableId() != planned.tableId() || now.columns().size() != planned.columns().size()) {
      throw new SqlStateException("0A000", "table " + planned.name()
          + " was re-created or altered after this statement was prepared; prepare it again");
    }
    return now;
  }
}
