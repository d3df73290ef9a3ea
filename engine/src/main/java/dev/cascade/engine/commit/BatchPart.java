package dev.cascade.engine.commit;

import dev.cascade.engine.key.EntryKind;
import java.util.Arrays;

/**
 * The entries of one write batch that belong to one shard, each with its sequence number: what a shard logs,
 * inserts into its memtable and, for a cross-shard batch, prepares. Entries keep batch order.
 *
 * <p>Thread ownership: built by one thread, then handed to one shard; not modified after that.
 */
public final class BatchPart {
  private EntryKind[] kinds;
  private long[] seqs;
  private byte[][] keys;
  private byte[][] values;
  private int count;
  private long userBytes;

  public BatchPart(int capacity) {
    int c = Math.max(1, capacity);
    kinds = new EntryKind[c];
    seqs = new long[c];
    keys = new byte[c][];
    values = new byte[c][];
  }

  public void add(EntryKind kind, long seq, byte[] key, byte[] value) {
    if (count == kinds.length) {
      int c = count * 2;
      kinds = Arrays.copyOf(kinds, c);
      seqs = Arrays.copyOf(seqs, c);
      keys = Arrays.copyOf(keys, c);
      values = Arrays.copyOf(values, c);
    }
    kinds[count] = kind;
    seqs[count] = seq;
    keys[count] = key;
    values[count] = value;
    userBytes += key.length + value.length;
    count++;
  }

  /** The entries with a sequence above {@code seq} (this part itself when all are). */
  public BatchPart after(long seq) {
    if (smallestSeq() > seq) {
      return this;
    }
    BatchPart p = new BatchPart(count);
    for (int i = 0; i < count; i++) {
      if (seqs[i] > seq) {
        p.add(kinds[i], seqs[i], keys[i], values[i]);
      }
    }
    return p;
  }

  public int count() {
    return count;
  }

  public EntryKind kind(int i) {
    return kinds[i];
  }

  public long seq(int i) {
    return seqs[i];
  }

  public byte[] key(int i) {
    return keys[i];
  }

  public byte[] value(int i) {
    return values[i];
  }

  /** Key and value bytes: what write amplification is measured against. */
  public long userBytes() {
    return userBytes;
  }

  public long smallestSeq() {
    long m = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      m = Math.min(m, seqs[i]);
    }
    return m;
  }

  public long largestSeq() {
    long m = 0;
    for (int i = 0; i < count; i++) {
      m = Math.max(m, seqs[i]);
    }
    return m;
  }

  @Override
  public String toString() {
    return "BatchPart[" + count + " entries, seqs " + smallestSeq() + ".." + largestSeq() + "]";
  }
}
