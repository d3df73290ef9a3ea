package dev.cascade.engine.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LevelOptionsTest {
  @Test
  void defaultsAreLevelDbLike() {
    LevelOptions o = LevelOptions.defaults();
    assertEquals(new LevelOptions(7, 4, 12, 20, 64L << 20, 10, 8L << 20), o);
    assertEquals(64L << 20, o.maxBytesForLevel(1));
    assertEquals(640L << 20, o.maxBytesForLevel(2));
    assertEquals((64L << 20) * 100_000, o.maxBytesForLevel(6));
    assertEquals("LevelOptions[levels=7, L0 triggers: compact 4 / slow down 12 / stop 20 files, L1 64 MiB, x10 per"
        + " level, target file 8 MiB]", o.toString());
  }

  @Test
  void invalidValuesNameTheOption() {
    LevelOptions o = LevelOptions.defaults();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.withLevelCount(1));
    assertTrue(e.getMessage().startsWith("LevelOptions.levelCount"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.withL0Triggers(4, 3, 20));
    assertTrue(e.getMessage().startsWith("LevelOptions.l0SlowdownTrigger"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o.withL0Triggers(4, 12, 11));
    assertTrue(e.getMessage().startsWith("LevelOptions.l0StopTrigger"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> o.withL0Triggers(0, 12, 20));
    assertThrows(IllegalArgumentException.class, () -> o.withLevelSizeMultiplier(1));
    assertThrows(IllegalArgumentException.class, () -> o.withTargetFileBytes(100));
    assertThrows(IllegalArgumentException.class, () -> o.withLevel1MaxBytes(0));
    assertThrows(IllegalArgumentException.class, () -> o.withLevelCount(VersionState.LEVELS_MAX + 1));
    assertThrows(IllegalArgumentException.class, () -> o.maxBytesForLevel(0));
    assertThrows(IllegalArgumentException.class, () -> o.maxBytesForLevel(7));
  }

  @Test
  void levelTargetsSaturate() {
    LevelOptions o = LevelOptions.defaults().withLevelCount(16).withLevelSizeMultiplier(1000)
        .withLevel1MaxBytes(1L << 40);
    assertEquals(Long.MAX_VALUE, o.maxBytesForLevel(15));
    assertEquals("LevelOptions[levels=16, L0 triggers: compact 4 / slow down 12 / stop 20 files, L1 1024 GiB, x1000"
        + " per level, target file 8 MiB]", o.toString());
  }
}
