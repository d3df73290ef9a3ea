package dev.cascade.engine.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.io.uring.UringIoEngine;
import org.junit.jupiter.api.Test;

class IoEnginesTest {
  @Test
  void parsesEngineNames() {
    assertEquals(IoEngineKind.URING, IoEngines.parse("uring"));
    assertEquals(IoEngineKind.FILECHANNEL, IoEngines.parse(" FileChannel "));
    assertNull(IoEngines.parse("auto"));
  }

  @Test
  void rejectsUnknownEngineNamingTheValueAndTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IoEngines.parse("aio"));
    assertTrue(e.getMessage().contains("'aio'"), e.getMessage());
    assertTrue(e.getMessage().contains("uring, filechannel or auto"), e.getMessage());
  }

  @Test
  void automaticChoicePrefersUringWhereAvailable() {
    try (IoEngine engine = IoEngines.create(null)) {
      IoEngineKind expected = UringIoEngine.isAvailable() ? IoEngineKind.URING : IoEngineKind.FILECHANNEL;
      assertEquals(expected, engine.kind());
    }
  }

  @Test
  void forcedFileChannel() {
    try (IoEngine engine = IoEngines.create(IoEngineKind.FILECHANNEL)) {
      assertEquals(IoEngineKind.FILECHANNEL, engine.kind());
    }
  }
}
