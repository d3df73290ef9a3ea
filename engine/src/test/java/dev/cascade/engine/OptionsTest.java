package dev.cascade.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Defaults that depend on other options. */
class OptionsTest {
  @Test
  void theWalIsDirectForSyncStoresAndBufferedOtherwiseUnlessSet() {
    assertTrue(Options.defaults().walDirectIo(), "SYNC is the default durability");
    assertTrue(Options.builder().durability(Durability.SYNC).build().walDirectIo());
    assertFalse(Options.builder().durability(Durability.BUFFERED).build().walDirectIo());
    assertFalse(Options.builder().durability(Durability.NONE).build().walDirectIo());
    assertTrue(Options.builder().durability(Durability.BUFFERED).walDirectIo(true).build().walDirectIo());
    assertFalse(Options.builder().durability(Durability.SYNC).walDirectIo(false).build().walDirectIo());
  }
}
