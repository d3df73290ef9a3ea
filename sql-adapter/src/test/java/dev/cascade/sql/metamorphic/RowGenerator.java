package dev.cascade.sql.metamorphic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random rows for a {@link TableSpec}: distinct keys (drawn from the key kinds' small domains, so keys share
 * prefixes), and NULL in about one non-key value in six.
 *
 * <p>Not thread-safe; owned by the test that made it.
 */
final class RowGenerator {
  private static final int ATTEMPTS_PER_ROW = 20;

  private final TableSpec table;
  private final Random random;

  RowGenerator(TableSpec table, Random random) {
    this.table = table;
    this.random = random;
  }

  /** Up to {@code count} rows with distinct keys (fewer if the key domain runs out). */
  List<Object[]> rows(int count) {
    Set<List<Object>> keys = new HashSet<>();
    List<Object[]> rows = new ArrayList<>();
    for (int attempt = 0; rows.size() < count && attempt < count * ATTEMPTS_PER_ROW; attempt++) {
      Object[] row = row();
      if (keys.add(keyOf(row))) {
        rows.add(row);
      }
    }
    return rows;
  }

  private Object[] row() {
    Object[] row = new Object[table.columns().size()];
    for (int i = 0; i < row.length; i++) {
      ColumnSpec c = table.columns().get(i);
      row[i] = !c.key() && random.nextInt(6) == 0 ? null : c.kind().randomValue(random);
    }
    return row;
  }

  /**
   * The key as SQL compares it: numbers by value, so 1.50 and 1.5 collide and the store never sees a duplicate key
   * the generator thought distinct.
   */
  private List<Object> keyOf(Object[] row) {
    Object[] key = Arrays.copyOf(row, table.keyCount());
    for (int i = 0; i < key.length; i++) {
      if (key[i] instanceof Number n) {
        key[i] = new java.math.BigDecimal(n.toString()).stripTrailingZeros();
      }
    }
    return Arrays.asList(key);
  }
}
