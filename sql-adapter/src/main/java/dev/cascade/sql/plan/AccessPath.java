package dev.cascade.sql.plan;

import dev.cascade.engine.table.IndexDef;
import dev.cascade.engine.table.TableDef;
import dev.cascade.sql.exec.KeyPlan;
import org.apache.calcite.rex.RexNode;

/**
 * How a filtered scan reaches its rows: through the primary key or through one secondary index, with the split of
 * the filter for it. The primary key wins unless an index fixes more leading columns by equality (an index is used
 * only with equality or IN on its first column: a range over an index costs a row lookup per entry). A UNIQUE index
 * fixed on all its columns is a set of global point lookups; a non-unique one is read as key ranges.
 *
 * @param index the index read, or null for the primary key
 * @param split the filter's split over the key columns read
 *
 * <p>Immutable.
 */
record AccessPath(IndexDef index, KeyRangeAnalyzer.Split split) {

  static AccessPath choose(RexNode condition, TableDef def) {
    KeyRangeAnalyzer.Split pk = KeyRangeAnalyzer.split(condition, def.columns(), def.primaryKey());
    AccessPath best = new AccessPath(null, pk);
    int bestScore = score(pk.keys()) + 1;
    for (IndexDef index : def.indexes()) {
      KeyRangeAnalyzer.Split s = KeyRangeAnalyzer.split(condition, def.columns(), index.columns(), true);
      if (s.keys() == null || s.keys().pointColumns() == 0) {
        continue;
      }
      KeyPlan keys = index.unique() ? s.keys() : s.keys().withPointLookup(false);
      int score = score(keys);
      if (score > bestScore) {
        bestScore = score;
        best = new AccessPath(index, new KeyRangeAnalyzer.Split(keys, s.consumed(), s.residual(), s.remaining()));
      }
    }
    return best;
  }

  /** Point lookups beat everything; then more leading columns fixed by equality; then a range. */
  private static int score(KeyPlan keys) {
    if (keys == null) {
      return 0;
    }
    if (keys.pointLookup()) {
      return 1000;
    }
    boolean range = keys.pointColumns() < keys.columns().size();
    return 10 * keys.pointColumns() + (range ? 5 : 0);
  }
}
