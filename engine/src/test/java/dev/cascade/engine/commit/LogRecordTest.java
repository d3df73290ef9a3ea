package dev.cascade.engine.commit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.key.EntryKind;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The WAL payload codec: its bytes are a format (golden), and every record decodes to what was encoded. */
class LogRecordTest {
  private static final Path FILE = Path.of("000001.wal");

  @Test
  void aBatchRecordHasTheDocumentedBytes() {
    BatchPart part = new BatchPart(2);
    part.add(EntryKind.PUT, 300, new byte[] {'k'}, new byte[] {'v', 'w'});
    part.add(EntryKind.DELETE, 301, new byte[] {'d'}, new byte[0]);
    byte[] bytes = LogRecord.batch(300, part).encode();
    // type 1, txn 300 (ac 02), count 2; PUT: kind 1, delta 0, key "k", value "vw";
    // DELETE: kind 0, delta 1, key "d", no value
    assertEquals("01ac0202" + "0100016b027677" + "000101" + "6400", HexFormat.of().formatHex(bytes));
  }

  @Test
  void prepareAndCommitRecordsHaveTheDocumentedBytes() {
    BatchPart part = new BatchPart(1);
    part.add(EntryKind.PUT, 5, new byte[] {'a'}, new byte[] {'b'});
    assertEquals("02050301" + "010001610162",
        HexFormat.of().formatHex(LogRecord.prepare(5, 3, part).encode()));
    assertEquals("0305" + "0a" + "020102" + "01" + "010001610162",
        HexFormat.of().formatHex(LogRecord.commit(5, 10, new int[] {1, 2}, part).encode()));
  }

  @Test
  void randomRecordsDecodeToWhatWasEncoded() {
    long seed = System.nanoTime();
    System.out.println("LogRecordTest seed " + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      long txn = random.nextInt(4) == 0 ? random.nextLong(1L << 56) : random.nextInt(1 << 20);
      int count = random.nextInt(round % 50 == 0 ? 3000 : 20);
      BatchPart part = new BatchPart(count);
      for (int i = 0; i < count; i++) {
        EntryKind kind = EntryKind.values()[random.nextInt(3)];
        byte[] key = new byte[random.nextInt(random.nextBoolean() ? 20 : 300)];
        byte[] value = new byte[kind == EntryKind.DELETE ? 0 : random.nextInt(random.nextBoolean() ? 10 : 5000)];
        random.nextBytes(key);
        random.nextBytes(value);
        part.add(kind, txn + i + random.nextInt(2), key, value);
      }
      LogRecord record = switch (random.nextInt(3)) {
        case 0 -> LogRecord.batch(txn, part);
        case 1 -> LogRecord.prepare(txn, random.nextInt(256), part);
        default -> LogRecord.commit(txn, count + random.nextInt(1000), new int[] {1, 7, 200}, part);
      };
      byte[] bytes = record.encode();
      LogRecord back = LogRecord.decode(bytes, FILE, 0);
      assertEquals(record.type(), back.type(), "seed " + seed);
      assertEquals(record.txn(), back.txn());
      assertEquals(record.coordinator(), back.coordinator());
      if (record.type() == LogRecord.COMMIT) {
        assertEquals(record.batchSize(), back.batchSize()); // only a COMMIT carries it
      }
      assertArrayEquals(record.participants(), back.participants());
      assertEquals(count, back.part().count());
      for (int i = 0; i < count; i++) {
        assertEquals(part.kind(i), back.part().kind(i));
        assertEquals(part.seq(i), back.part().seq(i));
        assertArrayEquals(part.key(i), back.part().key(i));
        assertArrayEquals(part.value(i), back.part().value(i));
      }
      assertArrayEquals(bytes, back.encode(), "re-encoding gives the same bytes");
    }
  }

  @Test
  void trailingOrMissingBytesAreCorruption() {
    BatchPart part = new BatchPart(1);
    part.add(EntryKind.PUT, 9, new byte[] {1, 2}, new byte[] {3});
    byte[] bytes = LogRecord.batch(9, part).encode();
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(CorruptionException.class, () -> LogRecord.decode(longer, FILE, 0));
    byte[] shorter = java.util.Arrays.copyOf(bytes, bytes.length - 1);
    assertThrows(CorruptionException.class, () -> LogRecord.decode(shorter, FILE, 0));
  }
}
