package dev.cascade.engine.sstable;

import dev.cascade.engine.io.IoEngine;
import dev.cascade.engine.io.IoEngineKind;
import dev.cascade.engine.io.IoEngines;
import dev.cascade.engine.io.IoQueue;
import dev.cascade.engine.io.SyncIo;
import dev.cascade.engine.io.uring.UringIoEngine;
import dev.cascade.engine.key.EntryKind;
import dev.cascade.engine.key.KeyHash;
import dev.cascade.engine.key.KeyOrder;
import dev.cascade.engine.key.LookupResult;
import dev.cascade.engine.runtime.ThreadLoop;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * What the SST tests share: an I/O engine with a queue on the test thread, a {@link MapPageCache}, and an entry
 * model in internal order. Closed by the test.
 *
 * <p>Owned by the test thread.
 */
final class SstFixture implements AutoCloseable {
  /** One entry of the model. */
  record Entry(byte[] key, long seq, EntryKind kind, byte[] value) {
    long trailer() {
      return KeyOrder.trailer(seq, kind);
    }

    @Override
    public String toString() {
      String k = key.length > 16 ? java.util.HexFormat.of().formatHex(key, 0, 16) + "...(" + key.length + ")"
          : java.util.HexFormat.of().formatHex(key);
      return k + "@" + seq + ":" + kind + "(" + (value == null ? 0 : value.length) + ")";
    }
  }

  static final Comparator<Entry> INTERNAL = (a, b) -> {
    int c = Arrays.compareUnsigned(a.key, b.key);
    return c != 0 ? c : Long.compareUnsigned(b.trailer(), a.trailer());
  };

  final IoEngine engine;
  final IoQueue queue;
  final MapPageCache cache = new MapPageCache();

  SstFixture(IoEngineKind kind) {
    if (kind == IoEngineKind.URING) {
      Assumptions.assumeTrue(UringIoEngine.isAvailable(), () -> "io_uring unavailable: "
          + UringIoEngine.unavailableReason());
    }
    engine = IoEngines.create(kind);
    queue = engine.open(new ThreadLoop(), SyncIo.SHARD_INDEX_NONE);
  }

  SstMeta write(Path path, long fileNumber, SstOptions options, List<Entry> entries) {
    try (SstWriter w = new SstWriter(engine, queue, path, fileNumber, options)) {
      for (Entry e : entries) {
        w.add(MemorySegment.ofArray(e.key), e.seq, e.kind, e.value == null ? null : MemorySegment.ofArray(e.value));
      }
      return w.finish();
    }
  }

  SstReader open(Path path, long fileNumber) {
    return SstReader.open(engine, queue, path, fileNumber, cache);
  }

  /** The reader's answer for (key, snapshot), as the model entry it should equal, or null. */
  static Entry lookup(SstReader r, IoQueue q, byte[] key, long snapshot) {
    LookupResult out = new LookupResult();
    MemorySegment k = MemorySegment.ofArray(key);
    if (!r.getBlocking(q, k, KeyHash.of(key), snapshot, out)) {
      return null;
    }
    return new Entry(key, out.seq, out.kind, out.kind == EntryKind.DELETE ? new byte[0] : out.value);
  }

  static Entry current(dev.cascade.engine.iterator.InternalIterator it) {
    byte[] k = it.key().toArray(ValueLayout.JAVA_BYTE);
    return new Entry(k, it.sequence(), it.kind(), it.value().toArray(ValueLayout.JAVA_BYTE));
  }

  static List<Entry> scan(dev.cascade.engine.iterator.InternalIterator it) {
    List<Entry> out = new ArrayList<>();
    for (it.seekToFirst(); it.valid(); it.next()) {
      out.add(current(it));
    }
    return out;
  }

  static boolean same(Entry a, Entry b) {
    if (a == null || b == null) {
      return a == b;
    }
    byte[] va = a.value == null ? new byte[0] : a.value;
    byte[] vb = b.value == null ? new byte[0] : b.value;
    return Arrays.equals(a.key, b.key) && a.seq == b.seq && a.kind == b.kind && Arrays.equals(va, vb);
  }

  @Override
  public void close() {
    cache.close();
    queue.close();
    engine.close();
  }
}
