package dev.cascade.engine.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.io.TestSeeds;
import dev.cascade.engine.key.RangeTombstone;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The version file's byte image: round trips, golden bytes, and every corruption caught. */
class VersionCodecTest {
  private static final Path FILE = Path.of("/shard-000/VERSION");

  @Test
  void randomStatesRoundTrip() {
    Random random = new Random(TestSeeds.seed("VersionCodecTest.randomStatesRoundTrip"));
    RandomStates gen = new RandomStates(random);
    for (int i = 0; i < 300; i++) {
      VersionState s = gen.state(1 + random.nextInt(VersionState.LEVELS_MAX), random.nextInt(20));
      byte[] image = VersionCodec.encode(s);
      VersionState back = VersionCodec.decode(FILE, image, image.length);
      assertEquals(s, back);
      assertEquals(s.toString(), back.toString());
      assertTrue(Arrays.equals(image, VersionCodec.encode(back)), "re-encoding differs");
    }
  }

  @Test
  void everySingleByteChangeIsCaught() {
    long seed = TestSeeds.seed("VersionCodecTest.everySingleByteChangeIsCaught");
    Random random = new Random(seed);
    RandomStates gen = new RandomStates(random);
    for (int round = 0; round < 5; round++) {
      VersionState s = gen.state(4, 6);
      byte[] image = VersionCodec.encode(s);
      if (image.length > 4000) {
        round--; // a rare long key: keep the sweep short
        continue;
      }
      for (int i = 0; i < image.length; i++) {
        byte[] bad = image.clone();
        bad[i] ^= (byte) (1 + random.nextInt(255));
        int at = i;
        CorruptionException e = assertThrows(CorruptionException.class,
            () -> VersionCodec.decode(FILE, bad, bad.length), () -> "byte " + at + " changed, state " + s);
        assertEquals(FILE, e.file());
        assertEquals(VersionCodec.BLOCK_KIND, e.blockKind());
      }
    }
  }

  @Test
  void everyTruncationAndExtensionIsCaught() {
    RandomStates gen = new RandomStates(new Random(TestSeeds.seed("VersionCodecTest.truncation")));
    byte[] image = VersionCodec.encode(gen.state(3, 4));
    for (int n = 0; n < image.length; n++) {
      int length = n;
      assertThrows(CorruptionException.class, () -> VersionCodec.decode(FILE, image, length));
    }
    byte[] longer = Arrays.copyOf(image, image.length + 1);
    assertThrows(CorruptionException.class, () -> VersionCodec.decode(FILE, longer, longer.length));
  }

  /** A checksum-valid body with a count beyond its maximum is refused before anything is allocated for it. */
  @Test
  void countsBeyondTheirMaximumAreCorruption() {
    byte[] image = VersionCodec.encode(VersionState.empty(2));
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int levelCountAt = VersionCodec.HEADER_BYTES;
    b.putInt(levelCountAt, VersionState.LEVELS_MAX + 1);
    CorruptionException e = assertThrows(CorruptionException.class, () -> VersionCodec.decode(FILE, reseal(image),
        image.length));
    assertEquals(levelCountAt, e.offset());
    assertTrue(e.getMessage().contains("level count 17 exceeds its maximum 16"), e.getMessage());

    byte[] image2 = VersionCodec.encode(VersionState.empty(2));
    int l0CountAt = VersionCodec.HEADER_BYTES + 4 + 24;
    ByteBuffer.wrap(image2).order(ByteOrder.LITTLE_ENDIAN).putInt(l0CountAt, -1);
    e = assertThrows(CorruptionException.class, () -> VersionCodec.decode(FILE, reseal(image2), image2.length));
    assertEquals(l0CountAt, e.offset());
  }

  /** A checksum-valid body holding an invalid state (overlapping L1 files) is corruption, not a state. */
  @Test
  void invalidStateBehindAValidChecksumIsCorruption() {
    VersionState s = VersionState.empty(2).apply(new VersionEdit()
        .addFile(1, meta(1, "a", "c")).addFile(1, meta(2, "d", "f")));
    byte[] image = VersionCodec.encode(s);
    // Make the second file start at "c": the files then overlap at one key.
    int secondFile = VersionCodec.HEADER_BYTES + 4 + 24 + 4 + 4 + FileMeta.FIXED_ENCODED_BYTES + 2;
    int secondSmallestKey = secondFile + 6 * Long.BYTES + Short.BYTES;
    assertEquals('d', image[secondSmallestKey]);
    image[secondSmallestKey] = 'c';
    CorruptionException e = assertThrows(CorruptionException.class,
        () -> VersionCodec.decode(FILE, reseal(image), image.length));
    assertTrue(e.getMessage().contains("overlap"), e.getMessage());
  }

  /** The format is stable: a fixed state encodes to these bytes (engine/docs/version-format.md). */
  @Test
  void goldenBytes() {
    VersionState s = VersionState.empty(2).apply(new VersionEdit()
        .addFile(1, new FileMeta(7, 4096, bytes("a"), bytes("b"), 1, 2, 3, 1))
        .addTombstone(new RangeTombstone(bytes("x"), bytes("y"), 2))
        .walReplayFrom(0x1122).nextFileNumber(9).lastSequence(5));
    String expected = "4353434456455253" + "01000000" + "6c000000" + "0df9a55c"
        + "02000000" + "0900000000000000" + "2211000000000000" + "0500000000000000"
        + "00000000"
        + "01000000" + "0700000000000000" + "0010000000000000" + "0100000000000000" + "0200000000000000"
        + "0300000000000000" + "0100000000000000" + "0100" + "61" + "0100" + "62"
        + "01000000" + "0100" + "78" + "0100" + "79" + "0200000000000000";
    byte[] image = VersionCodec.encode(s);
    String hex = HexFormat.of().formatHex(image);
    assertEquals(expected, hex);
    assertEquals(s, VersionCodec.decode(FILE, image, image.length));
  }

  @Test
  void unknownFormatVersionIsNamed() {
    byte[] image = VersionCodec.encode(VersionState.empty(2));
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
    CorruptionException e = assertThrows(CorruptionException.class, () -> VersionCodec.decode(FILE, image,
        image.length));
    assertTrue(e.getMessage().contains("unknown format version 2"), e.getMessage());
    assertEquals(8, e.offset());
  }

  @Test
  void longestKeysRoundTrip() {
    byte[] lo = new byte[dev.cascade.engine.key.Limits.KEY_BYTES_MAX];
    byte[] hi = lo.clone();
    hi[hi.length - 1] = 1;
    VersionState s = VersionState.empty(3).apply(new VersionEdit().addFile(2, new FileMeta(1, 1, lo, hi, 0, 0, 0,
        0)).addTombstone(new RangeTombstone(lo, hi, 0)));
    byte[] image = VersionCodec.encode(s);
    assertEquals(s, VersionCodec.decode(FILE, image, image.length));
    assertEquals(List.of(s.files(2).getFirst()), VersionCodec.decode(FILE, image, image.length).files(2));
  }

  static FileMeta meta(long number, String lo, String hi) {
    return new FileMeta(number, 100, bytes(lo), bytes(hi), 1, 1, 1, 0);
  }

  static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Recomputes the checksum of a deliberately altered image, to reach the checks behind it. */
  private static byte[] reseal(byte[] image) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(image, 8, 8);
    crc.update(image, VersionCodec.HEADER_BYTES, image.length - VersionCodec.HEADER_BYTES);
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(16, (int) crc.getValue());
    return image;
  }
}
