package dev.cascade.sql.plan;

import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.CascadeTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * What the optimizer is told about a table: its row count (the catalog's estimate, never less than 1 so costs stay
 * comparable), its unique keys (the primary key, and UNIQUE indexes whose columns are all NOT NULL: rows with a
 * NULL in the indexed columns never conflict) and its order (the primary key, ascending).
 *
 * <p>Stateless.
 */
public final class CascadeStatistics {
  private CascadeStatistics() {
  }

  public static Statistic of(CascadeTable table) {
    TableDef def = table.def();
    double rows = Math.max(1, table.store().catalog().stats(def.name()).rowCount());
    return Statistics.of(rows, uniqueKeys(def), List.of(), List.of(primaryKeyOrder(def)));
  }

  static List<ImmutableBitSet> uniqueKeys(TableDef def) {
    List<ImmutableBitSet> keys = new ArrayList<>();
    keys.add(ImmutableBitSet.of(def.primaryKey()));
    for (IndexDef index : def.indexes()) {
      if (index.unique() && allNotNull(def, index.columns())) {
        keys.add(ImmutableBitSet.of(index.columns()));
      }
    }
    return keys;
  }

  private static boolean allNotNull(TableDef def, int[] columns) {
    for (int c : columns) {
      if (def.columns().get(c).nullable()) {
        return false;
      }
    }
    return true;
  }

  static RelCollation primaryKeyOrder(TableDef def) {
    List<RelFieldCollation> fields = new ArrayList<>();
    for (int c : def.primaryKey()) {
      fields.add(new RelFieldCollation(c, RelFieldCollation.Direction.ASCENDING,
          RelFieldCollation.NullDirection.FIRST));
    }
    return RelCollations.of(fields);
  }
}
