package dev.cascade.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.io.TestSeeds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PageTable} against a {@link HashMap}, with keys crowded into few files so that probe runs collide. */
class PageTableTest {
  private static final int ENTRIES = 64;
  private static final int STEPS = 200_000;

  private record Key(long fileId, long pageNo) {}

  @Test
  void matchesAHashMapUnderRandomPutsAndRemoves() {
    long seed = TestSeeds.seed("PageTableTest.matchesAHashMapUnderRandomPutsAndRemoves");
    Random random = new Random(seed);
    PageTable table = new PageTable(ENTRIES);
    Map<Key, Integer> model = new HashMap<>();
    List<Key> keys = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      Key k = new Key(random.nextInt(4) - 1, random.nextInt(ENTRIES));
      int op = random.nextInt(3);
      if (op == 0 && model.size() < ENTRIES && !model.containsKey(k)) {
        int frame = random.nextInt(ENTRIES);
        table.put(k.fileId(), k.pageNo(), frame);
        model.put(k, frame);
        keys.add(k);
      } else if (op == 1) {
        Integer expected = model.remove(k);
        assertEquals(expected == null ? PageTable.NONE : expected, table.remove(k.fileId(), k.pageNo()),
            "remove " + k + " at step " + step + ", seed " + seed);
      } else {
        Integer expected = model.get(k);
        assertEquals(expected == null ? PageTable.NONE : expected, table.get(k.fileId(), k.pageNo()),
            "get " + k + " at step " + step + ", seed " + seed);
      }
      assertEquals(model.size(), table.size());
    }
    for (Key k : keys) {
      Integer expected = model.get(k);
      assertEquals(expected == null ? PageTable.NONE : expected, table.get(k.fileId(), k.pageNo()));
    }
  }

  @Test
  void refusesADuplicateAndAnImpossibleSize() {
    PageTable table = new PageTable(16);
    table.put(1, 2, 3);
    assertThrows(IllegalStateException.class, () -> table.put(1, 2, 4));
    assertThrows(IllegalArgumentException.class, () -> new PageTable(0));
    assertThrows(IllegalArgumentException.class, () -> new PageTable(PageTable.ENTRIES_MAX + 1));
    table.clear();
    assertEquals(PageTable.NONE, table.get(1, 2));
    assertEquals(0, table.size());
  }
}
