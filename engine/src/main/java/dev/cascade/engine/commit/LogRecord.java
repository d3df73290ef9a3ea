package dev.cascade.engine.commit;

import dev.cascade.engine.CorruptionException;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.Limits;
import java.nio.file.Path;

/**
 * The payload of a WAL record written by the commit protocol, and its codec. Layout (varints are unsigned
 * LEB128):
 * <pre>
 *   type      u8      1 = BATCH, 2 = PREPARE, 3 = COMMIT
 *   txn       varint  BATCH: the batch's first sequence; PREPARE/COMMIT: the transaction (the batch's first sequence)
 *   PREPARE:  coordinator varint
 *   COMMIT:   batchSize varint, participantCount varint, participant varint...   (the coordinator excluded)
 *   count     varint  entries that follow (for COMMIT: the coordinator's own part)
 *   entry:    kind u8, seqDelta varint (seq - txn), keyLength varint, key, valueLength varint, value
 * </pre>
 * Every length and count is checked against its maximum when decoding; a violation is a
 * {@link CorruptionException} (the WAL's CRC passed, so it is corruption the CRC missed, or a bug).
 *
 * <p>Immutable.
 */
public record LogRecord(int type, long txn, int coordinator, int batchSize, int[] participants, BatchPart part) {
  public static final int BATCH = 1;
  public static final int PREPARE = 2;
  public static final int COMMIT = 3;

  /** Most entries one record may carry (a batch's entry bound is an option below this). */
  public static final int ENTRIES_MAX = 1 << 24;

  public static LogRecord batch(long base, BatchPart part) {
    return new LogRecord(BATCH, base, -1, part.count(), new int[0], part);
  }

  public static LogRecord prepare(long txn, int coordinator, BatchPart part) {
    return new LogRecord(PREPARE, txn, coordinator, 0, new int[0], part);
  }

  public static LogRecord commit(long txn, int batchSize, int[] participants, BatchPart part) {
    return new LogRecord(COMMIT, txn, -1, batchSize, participants, part);
  }

  /** The payload: sized exactly first, then written in one pass (a WAL record can be megabytes). */
  public byte[] encode() {
    long size = 1 + varintLength(txn) + varintLength(part.count());
    if (type == PREPARE) {
      size += varintLength(coordinator);
    } else if (type == COMMIT) {
      size += varintLength(batchSize) + varintLength(participants.length);
      for (int p : participants) {
        size += varintLength(p);
      }
    }
    for (int i = 0; i < part.count(); i++) {
      int k = part.key(i).length;
      int v = part.value(i).length;
      size += 1 + varintLength(part.seq(i) - txn) + varintLength(k) + k + varintLength(v) + v;
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("WAL record of " + size + " bytes is too large");
    }
    byte[] out = new byte[(int) size];
    int at = 0;
    out[at++] = (byte) type;
    at = putVarint(out, at, txn);
    if (type == PREPARE) {
      at = putVarint(out, at, coordinator);
    } else if (type == COMMIT) {
      at = putVarint(out, at, batchSize);
      at = putVarint(out, at, participants.length);
      for (int p : participants) {
        at = putVarint(out, at, p);
      }
    }
    at = putVarint(out, at, part.count());
    for (int i = 0; i < part.count(); i++) {
      byte[] key = part.key(i);
      byte[] value = part.value(i);
      out[at++] = (byte) part.kind(i).code();
      at = putVarint(out, at, part.seq(i) - txn);
      at = putVarint(out, at, key.length);
      System.arraycopy(key, 0, out, at, key.length);
      at += key.length;
      at = putVarint(out, at, value.length);
      System.arraycopy(value, 0, out, at, value.length);
      at += value.length;
    }
    assert at == out.length;
    return out;
  }

  /** Decodes a payload read from {@code file} at WAL position {@code position} (for error messages). */
  public static LogRecord decode(byte[] b, Path file, long position) {
    Reader r = new Reader(b, file, position);
    int type = r.u8();
    if (type < BATCH || type > COMMIT) {
      throw r.corrupt("unknown record type " + type);
    }
    long txn = r.varint(Limits.SEQUENCE_MAX);
    int coordinator = -1;
    int batchSize = 0;
    int[] participants = new int[0];
    if (type == PREPARE) {
      coordinator = (int) r.varint(65_535);
    } else if (type == COMMIT) {
      batchSize = (int) r.varint(ENTRIES_MAX);
      participants = new int[(int) r.varint(65_535)];
      for (int i = 0; i < participants.length; i++) {
        participants[i] = (int) r.varint(65_535);
      }
    }
    int count = (int) r.varint(ENTRIES_MAX);
    BatchPart part = new BatchPart(count);
    for (int i = 0; i < count; i++) {
      EntryKind kind = EntryKind.ofCode(r.u8());
      if (kind == null) {
        throw r.corrupt("unknown entry kind");
      }
      long seq = txn + r.varint(ENTRIES_MAX);
      byte[] key = r.bytes((int) r.varint(Limits.KEY_BYTES_MAX));
      byte[] value = r.bytes((int) r.varint(Limits.VALUE_BYTES_MAX));
      part.add(kind, seq, key, value);
    }
    if (r.pos != b.length) {
      throw r.corrupt((b.length - r.pos) + " trailing bytes");
    }
    return new LogRecord(type, txn, coordinator, batchSize, participants, part);
  }

  /** Bytes of {@code v} as an unsigned LEB128 varint. */
  private static int varintLength(long v) {
    return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
  }

  /** Writes {@code v} at {@code at}; returns the position after it. */
  private static int putVarint(byte[] out, int at, long v) {
    while ((v & ~0x7fL) != 0) {
      out[at++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out[at++] = (byte) v;
    return at;
  }

  /** A bounds-checked cursor over a payload. */
  private static final class Reader {
    final byte[] b;
    final Path file;
    final long position;
    int pos;

    Reader(byte[] b, Path file, long position) {
      this.b = b;
      this.file = file;
      this.position = position;
    }

    int u8() {
      if (pos >= b.length) {
        throw corrupt("truncated");
      }
      return b[pos++] & 0xff;
    }

    long varint(long max) {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        v |= (long) (x & 0x7f) << shift;
        if ((x & 0x80) == 0) {
          if (v < 0 || v > max) {
            throw corrupt("value " + v + " exceeds its maximum " + max);
          }
          return v;
        }
      }
      throw corrupt("varint too long");
    }

    byte[] bytes(int n) {
      if (n > b.length - pos) {
        throw corrupt("length " + n + " runs past the record's end");
      }
      byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    CorruptionException corrupt(String detail) {
      return new CorruptionException(file, position, "WAL batch payload", detail + " at byte " + pos);
    }
  }
}
